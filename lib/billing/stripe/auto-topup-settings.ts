// Auto top-up settings: read for the billing page, validated writes from its form.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { UNITS_PER_CREDIT } from "@/lib/billing/money";
import { MAX_PURCHASE_CENTS, MIN_PURCHASE_CENTS } from "@/lib/billing/stripe/packs";
import { forgetAutoTopUp } from "@/lib/billing/stripe/auto-topup-flags";
import { autoTopUpSettings, saveAutoTopUpSettings, savedPaymentMethod } from "@/lib/sql/auto-top-ups";

export type AutoTopUpView = {
  enabled: boolean; thresholdCredits: number; amountCents: number; monthlyCapCents: number;
  monthSpentCents: number; cardLabel: string | null; lastError: string | null; inFlight: boolean;
};

const currentMonth = () => new Date().toISOString().slice(0, 7);

export async function getAutoTopUp(userId: string): Promise<AutoTopUpView> {
  const r = await autoTopUpSettings(userId);
  const defaults = { enabled: false, thresholdCredits: 500, amountCents: 2000, monthlyCapCents: 10000, monthSpentCents: 0, cardLabel: null, lastError: null, inFlight: false };
  if (!r) return defaults;
  // A row saved only for the card (saved-card.ts) has amount 0: the settings were never
  // chosen, so the form offers the defaults. Saved settings are shown as they are.
  const configured = r.amountCents > 0;
  return {
    enabled: r.enabled,
    thresholdCredits: configured ? Number(r.thresholdUnits / UNITS_PER_CREDIT) : defaults.thresholdCredits,
    amountCents: configured ? r.amountCents : defaults.amountCents,
    monthlyCapCents: configured ? r.monthlyCapCents : defaults.monthlyCapCents,
    monthSpentCents: r.month === currentMonth() ? r.monthSpentCents : 0,
    cardLabel: r.cardLabel, lastError: r.lastError, inFlight: r.inFlightSince !== null,
  };
}

export const autoTopUpSchema = z.object({
  enabled: z.boolean(),
  thresholdCredits: z.number({ error: "Enter the threshold in credits." }).int("The threshold must be a whole number of credits.")
    .min(1, "The threshold must be at least 1 credit.").max(1_000_000, "The threshold can be at most 1,000,000 credits."),
  amountCents: z.number({ error: "Enter the top-up amount." }).int("The amount must be whole cents.")
    .min(MIN_PURCHASE_CENTS, "Top-ups are at least $3.00.").max(MAX_PURCHASE_CENTS, "Top-ups are at most $10,000.00."),
  monthlyCapCents: z.number({ error: "Enter the monthly cap." }).int("The cap must be whole cents.")
    .min(MIN_PURCHASE_CENTS, "The monthly cap is at least $3.00.").max(10 * MAX_PURCHASE_CENTS, "The monthly cap is at most $100,000.00."),
}).refine((v) => v.monthlyCapCents >= v.amountCents, { message: "The monthly cap must be at least one top-up.", path: ["monthlyCapCents"] });

export async function saveAutoTopUp(userId: string, input: unknown): Promise<void> {
  const parsed = autoTopUpSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("invalid_request", issue?.message ?? "Invalid settings.", String(issue?.path[0] ?? ""));
  }
  const v = parsed.data;
  if (v.enabled && !(await savedPaymentMethod(userId))) {
    throw new AppError("invalid_request", "Buy credits once with a card first: auto top-up charges the card saved at checkout.", "enabled");
  }
  // Saving (re-)enables and clears the last failure; the month's spend is kept.
  await saveAutoTopUpSettings(userId, {
    enabled: v.enabled, thresholdUnits: BigInt(v.thresholdCredits) * UNITS_PER_CREDIT, amountCents: v.amountCents, monthlyCapCents: v.monthlyCapCents,
  });
  forgetAutoTopUp(userId);
}
