"use client";

// The searchable catalog on /models. Every model is in the server-rendered HTML (this
// component renders them all on the server); typing only hides rows, in the browser.
import { useDeferredValue, useId, useState } from "react";
import { ModelCards, ModelTable } from "@/components/marketing/models/model-rows";
import { matches, type ModelFilter } from "@/components/marketing/models/model-format";
import type { PublicModel } from "@/lib/catalog/public-models";

const CAPABILITY_LABEL: Readonly<Record<string, string>> = {
  chat: "Chat", streaming: "Streaming", tools: "Tools", vision: "Vision", json: "JSON output", reasoning: "Reasoning", embeddings: "Embeddings",
};

const field = "h-10 w-full rounded-lg border border-line-strong bg-canvas px-3 text-sm text-zinc-100 placeholder:text-zinc-400 " +
  "hover:border-zinc-500 focus-visible:outline-2 focus-visible:outline-brand-400 [color-scheme:dark]";

export function ModelCatalog({ models }: { models: PublicModel[] }) {
  const [filter, setFilter] = useState<ModelFilter>({ query: "", provider: "", capability: "", availableOnly: false });
  const deferred = useDeferredValue(filter);
  const id = useId();
  const providers = [...new Set(models.map((m) => m.provider))].sort();
  const capabilities = [...new Set(models.flatMap((m) => m.capabilities))].sort();
  const shown = models.filter((m) => matches(m, deferred));
  const set = <K extends keyof ModelFilter>(k: K, v: ModelFilter[K]) => setFilter((f) => ({ ...f, [k]: v }));

  return (
    <div>
      <form role="search" aria-label="Filter models" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] lg:items-end"
        onSubmit={(e) => e.preventDefault()}>
        <div className="flex min-w-0 flex-col gap-1.5 sm:col-span-2 lg:col-span-1">
          <label htmlFor={`${id}-q`} className="text-sm font-medium text-zinc-200">Search</label>
          <input id={`${id}-q`} type="search" className={field} placeholder="gpt, claude, vision, sim/…" value={filter.query}
            onChange={(e) => set("query", e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <div className="flex min-w-0 flex-col gap-1.5">
          <label htmlFor={`${id}-provider`} className="text-sm font-medium text-zinc-200">Provider</label>
          <select id={`${id}-provider`} className={field} value={filter.provider} onChange={(e) => set("provider", e.target.value)}>
            <option value="">All providers</option>
            {providers.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </div>
        <div className="flex min-w-0 flex-col gap-1.5">
          <label htmlFor={`${id}-cap`} className="text-sm font-medium text-zinc-200">Capability</label>
          <select id={`${id}-cap`} className={field} value={filter.capability} onChange={(e) => set("capability", e.target.value)}>
            <option value="">Any capability</option>
            {capabilities.map((c) => <option key={c} value={c}>{CAPABILITY_LABEL[c] ?? c}</option>)}
          </select>
        </div>
        <label className="flex h-10 cursor-pointer items-center gap-2 text-sm text-zinc-200">
          <input type="checkbox" className="size-4 accent-brand-500" checked={filter.availableOnly}
            onChange={(e) => set("availableOnly", e.target.checked)} />
          Available here only
        </label>
      </form>

      <p className="mt-5 text-sm text-zinc-400" aria-live="polite" data-testid="models-count">
        {shown.length === models.length ? `${models.length} models` : `${shown.length} of ${models.length} models`}
      </p>

      {shown.length === 0 ? (
        <p className="mt-4 rounded-xl border border-dashed border-line-strong px-5 py-10 text-center text-sm text-zinc-400">
          No model matches. Try another word, or clear the filters.
        </p>
      ) : (
        <>
          <ModelTable models={shown} capabilityLabel={CAPABILITY_LABEL} />
          <ModelCards models={shown} capabilityLabel={CAPABILITY_LABEL} />
        </>
      )}
    </div>
  );
}
