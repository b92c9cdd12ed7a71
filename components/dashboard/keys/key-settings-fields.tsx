"use client";

import type { ReactNode } from "react";
import type { KeyRow, ModelOption } from "@/lib/api-keys/key-rows";
import { Input } from "@/components/ui/input";
import { ModelPicker } from "@/components/dashboard/keys/model-picker";
import { usePolicyOptions } from "@/components/dashboard/keys/policy-options";

export type FieldError = { field: string | null; message: string } | null;

const GOALS = [
  ["", "Gateway default"], ["balanced", "Balanced"], ["latency", "Lowest latency"], ["cost", "Lowest cost"], ["reliability", "Most reliable"],
] as const;

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset className="flex min-w-0 flex-col gap-3">
      <legend className="mb-1 text-xs font-semibold tracking-wide text-zinc-400 uppercase">{title}</legend>
      {hint ? <p className="-mt-2 text-xs text-zinc-400">{hint}</p> : null}
      {children}
    </fieldset>
  );
}

function Check({ id, name, label, hint, defaultChecked }: { id: string; name: string; label: string; hint: string; defaultChecked: boolean }) {
  return (
    <div className="flex items-start gap-3">
      <input id={id} name={name} type="checkbox" defaultChecked={defaultChecked} aria-describedby={`${id}-hint`}
        className="mt-0.5 size-4 shrink-0 accent-brand-500" />
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium text-zinc-200">{label}</label>
        <p id={`${id}-hint`} className="text-xs text-zinc-400">{hint}</p>
      </div>
    </div>
  );
}

/** "2026-03-03" for a date input, from an ISO instant (UTC, like every date on the dashboard). */
const dateOnly = (iso: string | null) => (iso ? iso.slice(0, 10) : "");

/**
 * Every setting of a key, for the create form's "Limits and settings" and the edit dialog.
 * Posted together with `settings=1`, so the server knows the whole set was shown.
 */
export function KeySettingsFields({ prefix, kind, initial, models, error }: {
  prefix: string; kind: "create" | "update"; initial: KeyRow | null; models: ModelOption[]; error: FieldError;
}) {
  const err = (field: string) => (error?.field === field ? error.message : null);
  const id = (field: string) => `${prefix}-${field}`;
  const policies = usePolicyOptions();
  const today = new Date().toISOString().slice(0, 10);
  const limit = (field: "rpm" | "tpm" | "concurrency", label: string, hint: string) => (
    <Input id={id(field)} name={field} label={label} inputMode="numeric" autoComplete="off" placeholder="No limit"
      defaultValue={initial?.[field] ?? ""} error={err(field)} hint={err(field) ? undefined : hint} />
  );
  const budget = (field: "daily" | "monthly" | "total", label: string) => (
    <Input id={id(`budget_${field}`)} name={`budget_${field}`} label={label} inputMode="decimal" autoComplete="off"
      placeholder="No budget" defaultValue={initial?.budget[field] ?? ""} error={err(`budget_${field}`)} />
  );
  return (
    <div className="flex flex-col gap-6">
      <input type="hidden" name="settings" value="1" />
      <Section title="Rate limits">
        <div className="grid gap-4 sm:grid-cols-3">
          {limit("rpm", "Requests per minute", "Sliding one-minute window.")}
          {limit("tpm", "Tokens per minute", "Prompt + output tokens.")}
          {limit("concurrency", "Max concurrent requests", "Requests in flight at once.")}
        </div>
      </Section>
      <Section title="Budgets in credits" hint="1 credit = US$0.01. Days and months are UTC. Leave empty for no budget.">
        <div className="grid gap-4 sm:grid-cols-3">
          {budget("daily", "Per day")}
          {budget("monthly", "Per month")}
          {budget("total", "In total")}
        </div>
      </Section>
      <ModelPicker id={id("allowed_models")} name="allowed_models" models={models} initial={initial?.allowedModels ?? []} error={err("allowed_models")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <Input id={id("expires_on")} name="expires_on" type="date" label="Expires on (UTC)" min={today}
            defaultValue={dateOnly(initial?.expiresAt ?? null)} error={err("expires_on")}
            hint={err("expires_on") ? undefined : "The key stops working after this day. Empty: never."} className="[color-scheme:dark]" />
          {kind === "update" ? <input type="hidden" name="expires_on_was" value={dateOnly(initial?.expiresAt ?? null)} /> : null}
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={id("default_goal")} className="text-sm font-medium text-zinc-200">Default optimization goal</label>
          <select id={id("default_goal")} name="default_goal" defaultValue={initial?.defaultGoal ?? ""} aria-describedby={`${id("default_goal")}-hint`}
            className="h-10 rounded-lg border border-line-strong bg-canvas px-3 text-sm text-zinc-100 hover:border-zinc-500 focus-visible:outline-2 focus-visible:outline-brand-400 [color-scheme:dark]">
            {GOALS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
          <p id={`${id("default_goal")}-hint`} className="text-xs text-zinc-400">Used by model: &quot;auto&quot; when a request names none.</p>
          {err("default_goal") ? <p className="text-sm text-red-400">{err("default_goal")}</p> : null}
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={id("policy")} className="text-sm font-medium text-zinc-200">Default routing policy</label>
          <select id={id("policy")} name="policy" defaultValue={initial?.policy ?? ""} aria-describedby={`${id("policy")}-hint`}
            className="h-10 rounded-lg border border-line-strong bg-canvas px-3 text-sm text-zinc-100 hover:border-zinc-500 focus-visible:outline-2 focus-visible:outline-brand-400 [color-scheme:dark]">
            <option value="">None</option>
            {policies.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
          <p id={`${id("policy")}-hint`} className="text-xs text-zinc-400">
            {policies.length === 0 ? <>No policies yet: create one on the <a href="/dashboard/policies" className="text-brand-400 underline">Policies</a> page.</>
              : <>model: &quot;auto&quot; (and /chat without a model) routes through it, overriding the goal above.</>}
          </p>
          {err("policy") ? <p className="text-sm text-red-400">{err("policy")}</p> : null}
        </div>
      </div>
      {kind === "create" ? (
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium text-zinc-200">Mode</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {([["live", "Live", "Real providers, billed in credits."],
              ["test", "Test", "Simulated answers in every format, free. Key starts sk-sy-test-."]] as const).map(([v, label, hint]) => (
              <label key={v} className="flex cursor-pointer items-start gap-3 rounded-lg border border-line-strong p-3 has-checked:border-brand-500/60 has-checked:bg-brand-500/[0.06]">
                <input type="radio" name="mode" value={v} defaultChecked={v === "live"} className="mt-0.5 size-4 accent-brand-500" />
                <span>
                  <span className="block text-sm font-medium text-zinc-100">{label}</span>
                  <span className="block text-xs text-zinc-400">{hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <p className="text-sm text-zinc-400">
          Mode: <span className="font-medium text-zinc-200">{initial?.mode === "test" ? "Test (simulated, free)" : "Live"}</span> — fixed when the key was created.
        </p>
      )}
      <div className="flex flex-col gap-4">
        <Check id={id("disabled")} name="disabled" label="Disabled" defaultChecked={initial?.disabled ?? false}
          hint="Refuse requests with 403 without revoking the key; turn it back on any time." />
        <Check id={id("can_manage")} name="can_manage" label="Can manage keys" defaultChecked={initial?.canManage ?? false}
          hint="For the /v1/keys management API only: such a key cannot call models." />
      </div>
    </div>
  );
}
