// auto_top_ups: an account's auto top-up settings, its saved card, and the single in-flight
// slot that lets at most one charge run (lib/billing/stripe/auto-topup.ts).
import { definedCommand, definedQuery } from "@/lib/sql/query";
import { bigint, bool, dateOrNull, int, str, strOrNull } from "@/lib/sql/rows";

// After every charge, for accounts whose flag is not cached (auto-topup-flags.ts).
const flag = definedQuery<[userId: string], boolean>({
  name: "auto_topup_flag", text: "SELECT enabled FROM auto_top_ups WHERE user_id = $1", parse: (r) => bool(r, "enabled"),
});

/** Whether auto top-up is on (false: off, or never set up). */
export async function autoTopUpFlag(userId: string): Promise<boolean> {
  return (await flag.first([userId])) === true;
}

export type AutoTopUpRow = {
  enabled: boolean; thresholdUnits: bigint; amountCents: number; monthlyCapCents: number; month: string;
  monthSpentCents: number; cardLabel: string | null; lastError: string | null; inFlightSince: Date | null;
};

const settings = definedQuery<[userId: string], AutoTopUpRow>({
  name: "auto_topup_settings",
  text: `SELECT enabled, threshold_units::text, amount_cents, monthly_cap_cents, month, month_spent_cents, card_label, last_error,
    in_flight_since FROM auto_top_ups WHERE user_id = $1`,
  parse: (r) => ({
    enabled: bool(r, "enabled"), thresholdUnits: bigint(r, "threshold_units"), amountCents: int(r, "amount_cents"),
    monthlyCapCents: int(r, "monthly_cap_cents"), month: str(r, "month"), monthSpentCents: int(r, "month_spent_cents"),
    cardLabel: strOrNull(r, "card_label"), lastError: strOrNull(r, "last_error"), inFlightSince: dateOrNull(r, "in_flight_since"),
  }),
});

export function autoTopUpSettings(userId: string): Promise<AutoTopUpRow | null> {
  return settings.first([userId]);
}

const paymentMethod = definedQuery<[userId: string], string | null>({
  name: "auto_topup_payment_method", text: "SELECT payment_method_id AS pm FROM auto_top_ups WHERE user_id = $1", parse: (r) => strOrNull(r, "pm"),
});

/** The card saved at checkout for off-session charges, or null. */
export async function savedPaymentMethod(userId: string): Promise<string | null> {
  return (await paymentMethod.first([userId])) ?? null;
}

// Saving (re-)enables and clears the last failure; the month's spend is kept.
const save = definedCommand<[userId: string, enabled: boolean, thresholdUnits: bigint, amountCents: number, monthlyCapCents: number]>({
  name: "auto_topup_save",
  text: `INSERT INTO auto_top_ups (user_id, enabled, threshold_units, amount_cents, monthly_cap_cents, updated_at)
    VALUES ($1, $2, $3, $4, $5, now())
    ON CONFLICT (user_id) DO UPDATE SET enabled = $2, threshold_units = $3, amount_cents = $4, monthly_cap_cents = $5,
      last_error = CASE WHEN $2 THEN NULL ELSE auto_top_ups.last_error END, updated_at = now()`,
});

export async function saveAutoTopUpSettings(
  userId: string, s: { enabled: boolean; thresholdUnits: bigint; amountCents: number; monthlyCapCents: number },
): Promise<void> {
  await save.run([userId, s.enabled, s.thresholdUnits, s.amountCents, s.monthlyCapCents]);
}

const card = definedCommand<[userId: string, paymentMethodId: string, label: string]>({
  name: "auto_topup_card",
  text: `INSERT INTO auto_top_ups (user_id, payment_method_id, card_label, updated_at) VALUES ($1, $2, $3, now())
    ON CONFLICT (user_id) DO UPDATE SET payment_method_id = $2, card_label = $3, updated_at = now()`,
});

/** Saves the card for auto top-up (a new row keeps amount 0: settings not chosen yet). */
export async function saveCard(userId: string, paymentMethodId: string, label: string): Promise<void> {
  await card.run([userId, paymentMethodId, label]);
}

/** A crashed run's slot is reclaimable after this long. */
const STALE_IN_FLIGHT = "10 minutes";

// One conditional UPDATE claims the single in-flight slot AND books the amount against the
// month's cap, so concurrent settles (on any number of instances) start at most one charge
// and never pass the cap.
const claim = definedQuery<[userId: string, month: string], { amountCents: number; paymentMethodId: string; customerId: string }>({
  name: "auto_topup_claim",
  text: `
UPDATE auto_top_ups a SET
  in_flight_since = now(), last_run_at = now(), month = $2,
  month_spent_cents = (CASE WHEN a.month = $2 THEN a.month_spent_cents ELSE 0 END) + a.amount_cents
FROM users u
WHERE a.user_id = $1 AND u.id = a.user_id AND a.enabled AND a.payment_method_id IS NOT NULL
  AND u.stripe_customer_id IS NOT NULL
  AND (a.in_flight_since IS NULL OR a.in_flight_since < now() - interval '${STALE_IN_FLIGHT}')
  AND u.balance < a.threshold_units
  AND (CASE WHEN a.month = $2 THEN a.month_spent_cents ELSE 0 END) + a.amount_cents <= a.monthly_cap_cents
RETURNING a.amount_cents, a.payment_method_id, u.stripe_customer_id`,
  parse: (r) => ({ amountCents: int(r, "amount_cents"), paymentMethodId: str(r, "payment_method_id"), customerId: str(r, "stripe_customer_id") }),
});

/** Claims the slot for a charge in `month` ("YYYY-MM"); null when no charge is due or allowed. */
export function claimAutoTopUp(userId: string, month: string): Promise<{ amountCents: number; paymentMethodId: string; customerId: string } | null> {
  return claim.first([userId, month]);
}

const succeeded = definedCommand<[userId: string]>({
  name: "auto_topup_succeeded", text: "UPDATE auto_top_ups SET in_flight_since = NULL, last_error = NULL WHERE user_id = $1",
});

export async function autoTopUpSucceeded(userId: string): Promise<void> {
  await succeeded.run([userId]);
}

// A failure releases the booking and disables auto top-up.
const failed = definedCommand<[userId: string, message: string, amountCents: number]>({
  name: "auto_topup_failed",
  text: `UPDATE auto_top_ups SET in_flight_since = NULL, enabled = false, last_error = $2,
    month_spent_cents = GREATEST(0, month_spent_cents - $3) WHERE user_id = $1`,
});

export async function autoTopUpFailed(userId: string, message: string, amountCents: number): Promise<void> {
  await failed.run([userId, message, amountCents]);
}
