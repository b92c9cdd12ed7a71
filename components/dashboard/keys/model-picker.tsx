"use client";

import { useId, useMemo, useState } from "react";
import type { ModelOption } from "@/lib/api-keys/key-rows";
import { cn } from "@/components/ui/cn";

/**
 * A searchable multi-select over the catalog: type to filter, Space/click to pick, chips to
 * remove. Each pick is posted as `name` (one hidden input per model); none = every model.
 */
export function ModelPicker({ id, name, models, initial, error }: {
  id: string; name: string; models: ModelOption[]; initial: string[]; error?: string | null;
}) {
  const [selected, setSelected] = useState<string[]>(initial);
  const [query, setQuery] = useState("");
  const listId = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hits = q ? models.filter((m) => m.id.toLowerCase().includes(q) || m.label.toLowerCase().includes(q)) : models;
    return hits.slice(0, 60);
  }, [models, query]);
  const toggle = (modelId: string) =>
    setSelected((s) => (s.includes(modelId) ? s.filter((x) => x !== modelId) : [...s, modelId]));

  return (
    <fieldset className="flex min-w-0 flex-col gap-2" aria-describedby={error ? `${errorId} ${hintId}` : hintId}>
      <legend className="text-sm font-medium text-zinc-200">Allowed models</legend>
      {selected.map((m) => <input key={m} type="hidden" name={name} value={m} />)}
      <div className="flex flex-wrap gap-1.5" aria-live="polite">
        {selected.length === 0 ? (
          <span className="text-sm text-zinc-400">Every model</span>
        ) : (
          selected.map((m) => (
            <span key={m} className="inline-flex items-center gap-1 rounded-full bg-brand-500/15 py-0.5 pr-1 pl-2.5 text-xs text-brand-200 ring-1 ring-brand-500/30">
              <span className="font-mono">{m}</span>
              <button type="button" onClick={() => toggle(m)} aria-label={`Remove ${m}`}
                className="rounded-full px-1 text-brand-300 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-brand-400">
                ×
              </button>
            </span>
          ))
        )}
      </div>
      <input
        id={id}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          // Enter picks the only match instead of submitting the form.
          if (e.key !== "Enter") return;
          e.preventDefault();
          if (shown.length === 1) toggle(shown[0]!.id);
        }}
        placeholder="Search models, e.g. gpt-4o or claude"
        aria-label="Search models to allow"
        aria-controls={listId}
        autoComplete="off"
        spellCheck={false}
        className={cn("h-9 w-full rounded-lg border bg-canvas px-3 text-sm text-zinc-100 placeholder:text-zinc-400",
          "focus-visible:outline-2 focus-visible:outline-brand-400", error ? "border-red-500/70" : "border-line-strong hover:border-zinc-500")}
      />
      <ul id={listId} aria-label="Models" className="max-h-44 overflow-y-auto rounded-lg border border-line bg-canvas/60 py-1">
        {shown.length === 0 ? <li className="px-3 py-2 text-sm text-zinc-400">No model matches “{query}”.</li> : null}
        {shown.map((m) => (
          <li key={m.id}>
            <label className="flex cursor-pointer items-center gap-2.5 px-3 py-1.5 text-sm text-zinc-200 hover:bg-white/5 has-focus-visible:bg-white/5">
              <input type="checkbox" checked={selected.includes(m.id)} onChange={() => toggle(m.id)}
                className="size-4 shrink-0 accent-brand-500" />
              <span className="min-w-0 truncate font-mono text-xs">{m.id}</span>
              <span className="ml-auto hidden truncate text-xs text-zinc-400 sm:inline">{m.label}</span>
            </label>
          </li>
        ))}
      </ul>
      {error ? <p id={errorId} className="text-sm text-red-400">{error}</p> : null}
      <p id={hintId} className="text-xs text-zinc-400">
        Pick none to allow every model. Requests for other models get 403.
      </p>
    </fieldset>
  );
}
