"use client";

import { formatCents, formatWholeCredits, parseUsdAmount, unitsToWholeCents } from "@/lib/billing/money";
import { startTransition, useActionState, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { startCheckoutAction, type CheckoutState } from "@/app/dashboard/billing/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { MAX_PURCHASE_CENTS, MIN_PURCHASE_CENTS, PACKS_CENTS } from "@/lib/billing/stripe/packs";

const PACK_NOTES: Readonly<Record<number, string>> = { 500: "Try it out", 2_000: "Most popular" };
const initial: CheckoutState = { status: "idle" };

const dollars = formatCents;
/** 1 credit per cent. */
const credits = formatWholeCredits;

/** Mirrors the server's rules so most mistakes are caught before a round trip. */
function customCents(text: string): { cents: number | null; error: string | null } {
  if (!text.trim()) return { cents: null, error: "Enter an amount in dollars, like 20 or 20.50" };
  if (text.trim().startsWith("-")) return { cents: null, error: "The amount must be positive." };
  let cents: number;
  try {
    cents = Number(unitsToWholeCents(parseUsdAmount(text)));
  } catch {
    return { cents: null, error: "Enter an amount in dollars, like 20 or 20.50" };
  }
  if (cents < MIN_PURCHASE_CENTS) return { cents, error: "The smallest purchase is $3.00." };
  if (cents > MAX_PURCHASE_CENTS) return { cents, error: "The largest purchase is $10,000.00." };
  return { cents, error: null };
}

function newRequestKey(): string {
  return `rk_${crypto.randomUUID().replaceAll("-", "")}`;
}

export function BuyCreditsForm() {
  const [state, formAction, pending] = useActionState(startCheckoutAction, initial);
  const [choice, setChoice] = useState<string>("2000");
  const [custom, setCustom] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [requestKey, setRequestKey] = useState<string>("");
  const customInput = useRef<HTMLInputElement>(null);
  const groupId = useId();

  useEffect(() => setRequestKey(newRequestKey()), []);
  useEffect(() => {
    if (state.status === "redirect") window.location.assign(state.url);
    if (state.status === "error") setRequestKey(newRequestKey());
  }, [state]);

  const customState = choice === "custom" ? customCents(custom) : null;
  const chosenCents = choice === "custom" ? customState?.cents ?? null : Number(choice);
  const serverError = state.status === "error" ? state.message : null;
  const fieldError = localError ?? (state.status === "error" && state.field === "amount" ? serverError : null);
  const formError = state.status === "error" && state.field !== "amount" ? serverError : null;
  const redirecting = state.status === "redirect";

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (choice === "custom" && customState?.error) {
      setLocalError(customState.error);
      customInput.current?.focus();
      return;
    }
    setLocalError(null);
    const data = new FormData(e.currentTarget);
    startTransition(() => formAction(data));
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <input type="hidden" name="requestKey" value={requestKey} />
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-zinc-200">Choose an amount</legend>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {PACKS_CENTS.map((cents) => {
            const note = PACK_NOTES[cents];
            const id = `${groupId}-pack-${cents}`;
            const checked = choice === String(cents);
            return (
              <label
                key={cents}
                htmlFor={id}
                className={cn(
                  "relative flex cursor-pointer flex-col rounded-lg border px-3 py-3 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-400",
                  checked ? "border-brand-500/70 bg-brand-500/10" : "border-line-strong hover:border-zinc-500",
                )}
              >
                <input id={id} type="radio" name="pack" value={cents} checked={checked} onChange={() => { setChoice(String(cents)); setLocalError(null); }} className="sr-only" />
                <span className="text-lg font-semibold text-zinc-50">{dollars(cents)}</span>
                <span className="text-sm text-zinc-400">{credits(cents)} credits</span>
                {note ? <span className="mt-1 text-xs text-brand-300">{note}</span> : null}
              </label>
            );
          })}
        </div>
        <label className="mt-3 flex cursor-pointer items-center gap-2 text-sm text-zinc-300">
          <input
            type="radio" name="pack" value="custom" checked={choice === "custom"}
            onChange={() => { setChoice("custom"); setTimeout(() => customInput.current?.focus(), 0); }}
            className="size-4 accent-brand-500"
          />
          Custom amount
        </label>
      </fieldset>
      {choice === "custom" ? (
        <Input
          ref={customInput} id="custom-amount" name="custom" label="Amount (USD)" inputMode="decimal" autoComplete="off"
          placeholder="e.g. 25" value={custom}
          onChange={(e) => { setCustom(e.target.value); setLocalError(null); }}
          error={fieldError}
          hint={fieldError ? undefined : "Between $3 and $10,000. You get 100 credits per dollar."}
          className="max-w-xs"
        />
      ) : fieldError ? <Alert>{fieldError}</Alert> : null}
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" pending={pending || redirecting} disabled={!requestKey}>
          {redirecting ? "Opening checkout…" : chosenCents && !customState?.error ? `Buy ${credits(chosenCents)} credits for ${dollars(chosenCents)}` : "Continue to payment"}
        </Button>
        <p className="text-xs text-zinc-400">Payments are handled by Stripe. Credits do not expire.</p>
      </div>
      {formError ? <Alert>{formError}</Alert> : null}
    </form>
  );
}
