"use client";

// System prompt, temperature and max tokens, shared by every mode; folded away by default.
import { useId } from "react";
import type { GenSettings } from "@/lib/playground/forms";

const field =
  "w-full rounded-lg border border-line-strong bg-canvas px-3 text-sm text-zinc-100 placeholder:text-zinc-500 " +
  "transition-colors hover:border-zinc-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-400";

function numberOrNull(v: string, min: number, max: number, integer: boolean): number | null {
  if (v.trim() === "") return null;
  const n = Number(v);
  if (!Number.isFinite(n)) return null;
  const clamped = Math.min(max, Math.max(min, n));
  return integer ? Math.round(clamped) : clamped;
}

export function SettingsFields({ value, onChange }: { value: GenSettings; onChange: (v: GenSettings) => void }) {
  const id = useId();
  const summary = [
    value.system.trim() ? "system prompt" : null,
    value.temperature !== null ? `temperature ${value.temperature}` : null,
    value.maxTokens !== null ? `max ${value.maxTokens} tokens` : null,
  ].filter(Boolean).join(" · ");
  return (
    <details className="group rounded-lg border border-line bg-canvas/40">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-lg px-3 py-2 text-sm text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-400 [&::-webkit-details-marker]:hidden">
        <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4 text-zinc-400 transition-transform group-open:rotate-90">
          <path d="m8 5 5 5-5 5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="font-medium">Settings</span>
        <span className="truncate text-xs text-zinc-400">{summary || "system prompt, temperature, max tokens"}</span>
      </summary>
      <div className="grid gap-3 border-t border-line px-3 py-3 sm:grid-cols-[1fr_9rem_9rem]">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-system`} className="text-xs font-medium text-zinc-300">System prompt</label>
          <textarea
            id={`${id}-system`}
            rows={2}
            value={value.system}
            onChange={(e) => onChange({ ...value, system: e.target.value })}
            placeholder="You are a concise assistant."
            className={`${field} min-h-10 resize-y py-2`}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-temp`} className="text-xs font-medium text-zinc-300">Temperature</label>
          <input
            id={`${id}-temp`}
            type="number"
            inputMode="decimal"
            min={0}
            max={2}
            step={0.1}
            placeholder="default"
            value={value.temperature ?? ""}
            onChange={(e) => onChange({ ...value, temperature: numberOrNull(e.target.value, 0, 2, false) })}
            className={`${field} h-10`}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-max`} className="text-xs font-medium text-zinc-300">Max tokens</label>
          <input
            id={`${id}-max`}
            type="number"
            inputMode="numeric"
            min={1}
            max={1_000_000}
            step={1}
            placeholder="default"
            value={value.maxTokens ?? ""}
            onChange={(e) => onChange({ ...value, maxTokens: numberOrNull(e.target.value, 1, 1_000_000, true) })}
            className={`${field} h-10`}
          />
        </div>
      </div>
    </details>
  );
}
