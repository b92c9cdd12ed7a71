"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { saveAutoTopUpAction, type AutoTopUpState } from "@/app/dashboard/billing/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { centsToDollarsInput } from "@/lib/billing/money";
import type { AutoTopUpView } from "@/lib/billing/stripe/auto-topup-settings";

const initial: AutoTopUpState = { status: "idle" };
const dollars = centsToDollarsInput;

export function AutoTopUpForm({ settings, disabled }: { settings: AutoTopUpView; disabled: boolean }) {
  const [state, formAction, pending] = useActionState(saveAutoTopUpAction, initial);
  const err = (field: string) => (state.status === "error" && state.field === field ? state.message : null);
  const formError = state.status === "error" && !["thresholdCredits", "amountCents", "monthlyCapCents"].includes(state.field ?? "") ? state.message : null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => formAction(data));
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Auto top-up settings">
      <label className="flex items-center gap-2 text-sm text-zinc-200">
        <input type="checkbox" name="enabled" defaultChecked={settings.enabled} disabled={disabled} className="size-4 accent-brand-500" />
        Turn on auto top-up
      </label>
      <div className="grid gap-4 sm:grid-cols-3">
        <Input id="topup-threshold" name="threshold" label="When balance falls below (credits)" inputMode="numeric"
          defaultValue={String(settings.thresholdCredits)} disabled={disabled} error={err("thresholdCredits")} />
        <Input id="topup-amount" name="amount" label="Add (USD)" inputMode="decimal"
          defaultValue={dollars(settings.amountCents)} disabled={disabled} error={err("amountCents")} hint="$3 – $10,000" />
        <Input id="topup-cap" name="cap" label="Monthly cap (USD)" inputMode="decimal"
          defaultValue={dollars(settings.monthlyCapCents)} disabled={disabled} error={err("monthlyCapCents")} />
      </div>
      <div className="flex items-center gap-4">
        <Button type="submit" variant="secondary" pending={pending} disabled={disabled}>Save auto top-up</Button>
        {state.status === "saved" ? <p role="status" className="text-sm text-brand-300">Saved.</p> : null}
      </div>
      {formError ? <Alert>{formError}</Alert> : null}
    </form>
  );
}
