"use client";

// The replay's settings: window, sample, filters (from the account's own data; the request
// class is the auto router's, as the optimization page groups traffic by it), the candidate
// (the playground's model picker), an optional judge and an optional credit cap. The body it
// builds is the replay API's (lib/replay/options.ts validates it again on the server).
import { useId } from "react";
import { SelectField } from "@/components/logs/select-field";
import { classLabel } from "@/components/optimization/format";
import { ModelPicker } from "@/components/playground/model-picker";
import { Input } from "@/components/ui/input";
import type { ModelOption } from "@/lib/playground/model-options";
import type { FilterOptions } from "@/lib/usage/get-filter-options";

export type ReplayFormState = {
  days: string; sampleSize: string; model: string; keyId: string; endpoint: string; requestClass: string;
  candidate: string; judgeOn: boolean; judge: string; maxCredits: string;
};

export const ENDPOINTS = ["chat.completions", "messages", "responses"] as const;

/** The request body, or the first field error (checked here so the user sees it at once). */
export function replayBody(s: ReplayFormState, mode: "estimate" | "run"): { body: Record<string, unknown> } | { error: string } {
  const days = Number(s.days);
  const sample = Number(s.sampleSize);
  if (!Number.isInteger(days) || days < 1 || days > 90) return { error: "The window is 1 to 90 days." };
  if (!Number.isInteger(sample) || sample < 20 || sample > 300) return { error: "The sample is 20 to 300 requests." };
  if (!s.candidate) return { error: "Pick a candidate model." };
  if (s.judgeOn && !s.judge) return { error: "Pick a judge model, or turn judging off." };
  const max = s.maxCredits.trim();
  if (max && !/^\d{1,9}(\.\d{1,10})?$/.test(max)) return { error: "Max credits is a number such as 25 or 2.5." };
  const filters: Record<string, string> = {};
  if (s.model) filters.model = s.model;
  if (s.keyId) filters.key_id = s.keyId;
  if (s.endpoint) filters.endpoint = s.endpoint;
  if (s.requestClass) filters.request_class = s.requestClass;
  return {
    body: {
      candidate: s.candidate, days, sample_size: sample, mode,
      ...(s.judgeOn ? { judge: s.judge } : {}), ...(max ? { max_credits: max } : {}),
      ...(Object.keys(filters).length ? { filters } : {}),
    },
  };
}

export function ReplayForm({ state, onChange, models, policies = [], options, requestClasses }: {
  state: ReplayFormState;
  onChange: (patch: Partial<ReplayFormState>) => void;
  models: ModelOption[];
  /** The account's routing policies as candidates (`policy/<name>`); never a judge. */
  policies?: ModelOption[];
  options: FilterOptions;
  /** The auto router's request classes (lib/routing/auto/classify.ts, passed in by the page). */
  requestClasses: readonly string[];
}) {
  const id = useId();
  return (
    <div className="grid min-w-0 gap-5">
      <div className="grid min-w-0 gap-4 sm:grid-cols-2">
        <Input id={`${id}-days`} label="Window (days)" type="number" inputMode="numeric" min={1} max={90} required
          value={state.days} onChange={(e) => onChange({ days: e.target.value })} hint="Logged requests of the last 1–90 days." />
        <Input id={`${id}-sample`} label="Sample size" type="number" inputMode="numeric" min={20} max={300} required
          value={state.sampleSize} onChange={(e) => onChange({ sampleSize: e.target.value })} hint="20–300 requests, picked at random." />
      </div>
      <fieldset className="grid min-w-0 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <legend className="mb-2 text-sm font-medium text-zinc-200">Only requests with</legend>
        <SelectField id={`${id}-model`} label="Model" value={state.model} onChange={(e) => onChange({ model: e.target.value })}>
          <option value="">Any model</option>
          {options.models.map((m) => <option key={m} value={m}>{m}</option>)}
        </SelectField>
        <SelectField id={`${id}-key`} label="API key" value={state.keyId} onChange={(e) => onChange({ keyId: e.target.value })}>
          <option value="">Any key</option>
          {options.keys.map((k) => <option key={k.id} value={k.id}>{k.name}{k.revoked ? " (revoked)" : ""}</option>)}
        </SelectField>
        <SelectField id={`${id}-endpoint`} label="Endpoint" value={state.endpoint} onChange={(e) => onChange({ endpoint: e.target.value })}>
          <option value="">Any endpoint</option>
          {ENDPOINTS.map((e) => <option key={e} value={e}>{e}</option>)}
        </SelectField>
        <SelectField id={`${id}-class`} label="Request class" value={state.requestClass} onChange={(e) => onChange({ requestClass: e.target.value })}>
          <option value="">Any class</option>
          {requestClasses.map((c) => <option key={c} value={c}>{classLabel(c)}</option>)}
        </SelectField>
      </fieldset>
      <div className="grid min-w-0 gap-4 sm:grid-cols-2">
        <ModelPicker label="Candidate model" models={policies.length ? [...models, ...policies] : models} value={state.candidate} onChange={(candidate) => onChange({ candidate })}
          testId="replay-candidate" />
        <div className="flex min-w-0 flex-col gap-2">
          <label className="inline-flex items-center gap-2 text-sm text-zinc-200">
            <input type="checkbox" className="size-4 accent-brand-500" checked={state.judgeOn} onChange={(e) => onChange({ judgeOn: e.target.checked })} />
            Judge the answers (scores original vs candidate)
          </label>
          {state.judgeOn ? (
            <ModelPicker label="Judge model" models={models} value={state.judge} onChange={(judge) => onChange({ judge })} testId="replay-judge" />
          ) : null}
        </div>
      </div>
      <Input id={`${id}-max`} label="Max credits (optional)" inputMode="decimal" placeholder="No cap" className="sm:max-w-xs"
        value={state.maxCredits} onChange={(e) => onChange({ maxCredits: e.target.value })}
        hint="A run never spends more than this; it is refused when its estimate is higher." />
    </div>
  );
}
