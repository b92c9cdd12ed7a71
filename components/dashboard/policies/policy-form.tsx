"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import { savePolicyAction, type SavePolicyState } from "@/app/dashboard/policies/actions";
import type { PolicyModelOption, PolicyRow } from "@/lib/policies/page-data";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ModelPicker } from "@/components/dashboard/keys/model-picker";

const idle: SavePolicyState = { status: "idle" };

const GOALS = [
  ["balanced", "Balanced"], ["latency", "Lowest latency"], ["cost", "Lowest cost"], ["reliability", "Most reliable"],
] as const;

const selectClass =
  "h-10 rounded-lg border border-line-strong bg-canvas px-3 text-sm text-zinc-100 hover:border-zinc-500 focus-visible:outline-2 focus-visible:outline-brand-400 [color-scheme:dark]";

/**
 * Create a policy (`initial` null) or edit one. Every field is a native input, labelled, in
 * reading order; Enter submits; an error focuses the field it is about.
 */
export function PolicyForm({ initial, models, onSaved }: { initial: PolicyRow | null; models: PolicyModelOption[]; onSaved?: () => void }) {
  const [state, formAction, pending] = useActionState(savePolicyAction, idle);
  const form = useRef<HTMLFormElement>(null);
  const prefix = initial ? `policy-${initial.name}` : "new-policy";
  const id = (field: string) => `${prefix}-${field}`;

  useEffect(() => {
    if (state.status === "error" && state.field) document.getElementById(id(state.field))?.focus();
    if (state.status === "saved") {
      if (!initial) form.current?.reset();
      onSaved?.();
    }
  }, [state]); // once per answer of the action

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    // Calling the action ourselves keeps React from resetting the fields after an error.
    startTransition(() => formAction(data));
  }

  const error = state.status === "error" ? state : null;
  const err = (field: string) => (error?.field === field ? error.message : null);
  return (
    <form ref={form} onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label={initial ? `Edit policy ${initial.name}` : "Create a policy"}>
      {initial ? <input type="hidden" name="policy_name" value={initial.name} /> : (
        <Input id={id("name")} name="name" label="Policy name" placeholder="e.g. cheap-chat" autoComplete="off" required maxLength={64}
          error={err("name")} hint={err("name") ? undefined : "Lowercase letters, digits, '.', '_' or '-'. Call it as model \"policy/<name>\"."} />
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={id("goal")} className="text-sm font-medium text-zinc-200">Goal</label>
          <select id={id("goal")} name="goal" defaultValue={initial?.goal ?? "balanced"} className={selectClass}
            aria-describedby={`${id("goal")}-hint`}>
            {GOALS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
          <p id={`${id("goal")}-hint`} className="text-xs text-zinc-400">How the allowed models are ranked, from measured latency, cost and success.</p>
          {err("goal") ? <p className="text-sm text-red-400">{err("goal")}</p> : null}
        </div>
        <Input id={id("max_fallbacks")} name="max_fallbacks" label="Max fallbacks" inputMode="numeric" autoComplete="off"
          defaultValue={initial?.maxFallbacks ?? 2} error={err("max_fallbacks")}
          hint={err("max_fallbacks") ? undefined : "0–5. 0 routes to a single model, with no failover."} />
        <Input id={id("max_cost_per_request")} name="max_cost_per_request" label="Max cost per request (credits)" inputMode="decimal"
          autoComplete="off" placeholder="No limit" defaultValue={initial?.maxCostPerRequest ?? ""} error={err("max_cost_per_request")}
          hint={err("max_cost_per_request") ? undefined : "Models whose expected cost is higher are skipped. The answer is not capped."} />
        <Input id={id("max_latency_ms")} name="max_latency_ms" label="Max latency (ms)" inputMode="numeric" autoComplete="off"
          placeholder="No limit" defaultValue={initial?.maxLatencyMs ?? ""} error={err("max_latency_ms")}
          hint={err("max_latency_ms") ? undefined : "Models whose measured p50 is higher are skipped. Not a timeout."} />
      </div>
      <ModelPicker id={id("allowed_models")} name="allowed_models" models={models} initial={initial?.allowedModels ?? []}
        error={err("allowed_models")} />
      {error && !error.field ? <Alert>{error.message}</Alert> : null}
      {state.status === "saved" && !initial ? (
        <p role="status" className="text-sm text-brand-300">Created policy “{state.name}”. Call it with model &quot;policy/{state.name}&quot;.</p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="submit" pending={pending}>{initial ? "Save changes" : "Create policy"}</Button>
      </div>
    </form>
  );
}
