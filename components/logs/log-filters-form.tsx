"use client";

import { useState } from "react";
import { SelectField } from "@/components/logs/select-field";
import { Button } from "@/components/ui/button";
import type { FilterOptions } from "@/lib/usage/get-filter-options";

export type LogFilterValues = {
  key: string; model: string; provider: string; status: string; stream: string; mode: string; from: string; to: string; q: string;
};
export const EMPTY_FILTERS: LogFilterValues = { key: "", model: "", provider: "", status: "", stream: "", mode: "", from: "", to: "", q: "" };

/** datetime-local values are read as UTC, like every time on the dashboard. */
function toIso(local: string): string {
  return !local ? "" : local.length === 16 ? `${local}:00Z` : `${local}Z`;
}

export function filtersToParams(f: LogFilterValues): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (!v) continue;
    p.set(k, k === "from" || k === "to" ? toIso(v) : v);
  }
  return p;
}

export function LogFiltersForm({ options, onApply }: { options: FilterOptions; onApply: (f: LogFilterValues) => void }) {
  const [f, setF] = useState<LogFilterValues>(EMPTY_FILTERS);
  // On phones the less used filters fold away so the table stays in view.
  const [more, setMore] = useState(false);
  const extra = more ? "" : "max-sm:hidden";
  const set = (k: keyof LogFilterValues) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const input = "h-9 w-full rounded-lg border border-line-strong bg-canvas px-2.5 text-sm text-zinc-100 placeholder:text-zinc-500 hover:border-zinc-500 focus-visible:outline-2 focus-visible:outline-brand-400 [color-scheme:dark]";
  return (
    <form
      aria-label="Filter logs"
      className="grid grid-cols-2 gap-3 px-5 py-4 sm:grid-cols-3 lg:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(f);
      }}
    >
      <div className="col-span-2 flex flex-col gap-1.5 sm:col-span-3 lg:col-span-1">
        <label htmlFor="log-q" className="text-xs font-medium text-zinc-400">Request id</label>
        <input id="log-q" className={input} placeholder="req_…" value={f.q} onChange={set("q")} autoComplete="off" spellCheck={false} />
      </div>
      <SelectField id="log-key" label="Key" value={f.key} onChange={set("key")}>
        <option value="">All keys</option>
        {options.keys.map((k) => <option key={k.id} value={k.id}>{k.name}{k.revoked ? " (revoked)" : ""}</option>)}
      </SelectField>
      <SelectField id="log-model" label="Model" value={f.model} onChange={set("model")}>
        <option value="">All models</option>
        {options.models.map((m) => <option key={m} value={m}>{m}</option>)}
      </SelectField>
      <SelectField id="log-provider" label="Provider" value={f.provider} onChange={set("provider")} className={extra}>
        <option value="">All providers</option>
        {options.providers.map((p) => <option key={p} value={p}>{p}</option>)}
      </SelectField>
      <SelectField id="log-status" label="Status" value={f.status} onChange={set("status")}>
        <option value="">Any status</option>
        <option value="ok">Succeeded</option>
        <option value="error">Failed</option>
        <option value="429">429 rate limited</option>
        <option value="502">502 upstream error</option>
        <option value="499">499 client went away</option>
      </SelectField>
      <SelectField id="log-stream" label="Streaming" value={f.stream} onChange={set("stream")} className={extra}>
        <option value="">Both</option>
        <option value="true">Streamed</option>
        <option value="false">Not streamed</option>
      </SelectField>
      <SelectField id="log-mode" label="Mode" value={f.mode} onChange={set("mode")} className={extra}>
        <option value="">Live and test</option>
        <option value="live">Live</option>
        <option value="test">Test (simulated)</option>
      </SelectField>
      <div className={`flex min-w-0 flex-col gap-1.5 ${extra}`}>
        <label htmlFor="log-from" className="text-xs font-medium text-zinc-400">From (UTC)</label>
        <input id="log-from" type="datetime-local" className={input} value={f.from} onChange={set("from")} />
      </div>
      <div className={`flex min-w-0 flex-col gap-1.5 ${extra}`}>
        <label htmlFor="log-to" className="text-xs font-medium text-zinc-400">To (UTC)</label>
        <input id="log-to" type="datetime-local" className={input} value={f.to} onChange={set("to")} />
      </div>
      <div className="col-span-2 flex items-end gap-2 sm:col-span-3 lg:col-span-4">
        <Button type="submit" size="sm">Apply filters</Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => { setF(EMPTY_FILTERS); onApply(EMPTY_FILTERS); }}>Reset</Button>
        <Button type="button" size="sm" variant="ghost" className="ml-auto sm:hidden" aria-expanded={more} onClick={() => setMore((m) => !m)}>
          {more ? "Fewer filters" : "More filters"}
        </Button>
      </div>
    </form>
  );
}
