"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { RangeValue } from "@/lib/queries/usage-keys";

const PRESETS = [
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 d" },
  { value: "30d", label: "30 d" },
  { value: "custom", label: "Custom" },
] as const;

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Preset ranges as a segmented control; "Custom" reveals two UTC date inputs. */
export function RangePicker({ value, onChange }: { value: RangeValue; onChange: (v: RangeValue) => void }) {
  const [from, setFrom] = useState(value.from ?? daysAgo(13));
  const [to, setTo] = useState(value.to ?? today());
  const [custom, setCustom] = useState(value.range === "custom");
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div role="group" aria-label="Time range" className="inline-flex rounded-lg border border-line-strong bg-surface p-0.5">
        {PRESETS.map((p) => {
          const active = p.value === "custom" ? custom : !custom && value.range === p.value;
          return (
            <button
              key={p.value}
              type="button"
              aria-pressed={active}
              onClick={() => {
                if (p.value === "custom") setCustom(true);
                else {
                  setCustom(false);
                  onChange({ range: p.value });
                }
              }}
              className={cn(
                "h-8 rounded-md px-3 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-400",
                active ? "bg-white/[0.09] text-zinc-50" : "text-zinc-400 hover:text-zinc-100",
              )}
            >
              {p.label}
            </button>
          );
        })}
      </div>
      {custom ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ range: "custom", from, to });
          }}
        >
          <label className="flex flex-col gap-1 text-xs text-zinc-400">
            From (UTC)
            <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} required
              className="h-8 rounded-md border border-line-strong bg-canvas px-2 text-sm text-zinc-100 [color-scheme:dark]" />
          </label>
          <label className="flex flex-col gap-1 text-xs text-zinc-400">
            To (UTC)
            <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} required
              className="h-8 rounded-md border border-line-strong bg-canvas px-2 text-sm text-zinc-100 [color-scheme:dark]" />
          </label>
          <Button type="submit" size="sm" variant="secondary">Apply</Button>
        </form>
      ) : null}
    </div>
  );
}
