// Auto top-up settings: read for the billing page, validated writes from its form.
import { z } from "zod";
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { UNITS_PER_CREDIT } from "@/lib/billing/money";
import { MAX_PURCHASE_CENTS, MIN_PURCHASE_CENTS } from "@/lib/billing/stripe/packs";
import { forgetAutoTopUp } from "@/lib/billing/stripe/auto-topup-flags";

export type AutoTopUpView = {
  enabled: boolean; thresholdCredits: number; amountCents: number; monthlyCapCents: number;
  monthSpentCents: number; cardLabel: string | null; lastError: string | null; inFlight: boolean;
};

const currentMonth = () => new Date().toISOString().slice(0, 7);

export async function getAutoTopUp(userId: string): Promise<AutoTopUpView> {
  const { rows } = await pool().query<{
    enabled: boolean; threshold_units: string; amount_cents: number; monthly_cap_cents: number; month: string;
    month_spent_cents: number; card_label: string | null; last_error: string | null; in_flight_since: Date | null;
  }>(`SELECT enabled, threshold_units::text, amount_cents, monthly_cap_cents, month, month_spent_cents, card_label, last_error,
      in_flight_since FROM auto_top_ups WHERE user_id = $1`, [userId]);
  const r = rows[0];
  const defaults = { enabled: false, thresholdCredits: 500, amountCents: 2000, monthlyCapCents: 10000, monthSpentCents: 0, cardLabel: null, lastError: null, inFlight: false };
  if (!r) return defaults;
  // A row saved only for the card (saved-card.ts) has amount 0: the settings were never
  // chosen, so the form offers the defaults. Saved settings are shown as they are.
  const configured = r.amount_cents > 0;
  return {
    enabled: r.enabled,
    thresholdCredits: configured ? Number(BigInt(r.threshold_units) / UNITS_PER_CREDIT) : defaults.thresholdCredits,
    amountCents: configured ? r.amount_cents : defaults.amountCents,
    monthlyCapCents: configured ? r.monthly_cap_cents : defaults.monthlyCapCents,
    monthSpentCents: r.month === currentMonth() ? r.month_spent_cents : 0,
    cardLabel: r.card_label, lastError: r.last_error, inFlight: r.in_flight_since !== null,
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
  const { rows } = await pool().query<{ pm: string | null }>("SELECT payment_method_id AS pm FROM auto_top_ups WHERE user_id = $1", [userId]);
  if (v.enabled && !rows[0]?.pm) {
    throw new AppError("invalid_request", "Buy credits once with a card first: auto top-up charges the card saved at checkout.", "enabled");
  }
  // Saving (re-)enables and clears the last failure; the month's spend is kept.
  await pool().query(
    `INSERT INTO auto_top_ups (user_id, enabled, threshold_units, amount_cents, monthly_cap_cents, updated_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (user_id) DO UPDATE SET enabled = $2, threshold_units = $3, amount_cents = $4, monthly_cap_cents = $5,
       last_error = CASE WHEN $2 THEN NULL ELSE auto_top_ups.last_error END, updated_at = now()`,
    [userId, v.enabled, (BigInt(v.thresholdCredits) * UNITS_PER_CREDIT).toString(), v.amountCents, v.monthlyCapCents]);
  forgetAutoTopUp(userId);
}
