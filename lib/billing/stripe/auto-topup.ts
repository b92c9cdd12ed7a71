// Auto top-up: when a settle leaves the balance under the threshold, charge the saved card
// off-session. One conditional UPDATE claims the single in-flight slot AND books the amount
// against the month's cap, so concurrent settles (on any number of instances) start at most
// one charge and never pass the cap. A failure releases the booking and disables auto top-up.
import Stripe from "stripe";
import { pool } from "@/lib/db";
import { createId } from "@/lib/ids";
import { logger } from "@/lib/observability/logger";
import { UNITS_PER_CENT } from "@/lib/billing/money";
import { stripe } from "@/lib/billing/stripe/client";
import { forgetAutoTopUp } from "@/lib/billing/stripe/auto-topup-flags";
import { updatePurchase } from "@/lib/billing/stripe/purchases";

/** A crashed run's slot is reclaimable after this long. */
const STALE_IN_FLIGHT = "10 minutes";

const CLAIM = `
UPDATE auto_top_ups a SET
  in_flight_since = now(), last_run_at = now(), month = $2,
  month_spent_cents = (CASE WHEN a.month = $2 THEN a.month_spent_cents ELSE 0 END) + a.amount_cents
FROM users u
WHERE a.user_id = $1 AND u.id = a.user_id AND a.enabled AND a.payment_method_id IS NOT NULL
  AND u.stripe_customer_id IS NOT NULL
  AND (a.in_flight_since IS NULL OR a.in_flight_since < now() - interval '${STALE_IN_FLIGHT}')
  AND u.balance < a.threshold_units
  AND (CASE WHEN a.month = $2 THEN a.month_spent_cents ELSE 0 END) + a.amount_cents <= a.monthly_cap_cents
RETURNING a.amount_cents, a.payment_method_id, u.stripe_customer_id`;

export type AutoTopUpResult = "not_needed" | "charged" | "failed";

export async function runAutoTopUp(userId: string): Promise<AutoTopUpResult> {
  const month = new Date().toISOString().slice(0, 7);
  const { rows } = await pool().query<{ amount_cents: number; payment_method_id: string; stripe_customer_id: string }>(CLAIM, [userId, month]);
  const claim = rows[0];
  if (!claim) return "not_needed";
  const purchaseId = createId("pur");
  await pool().query(
    `INSERT INTO purchases (id, user_id, source, amount_cents, currency, credits, idempotency_key)
     VALUES ($1, $2, 'auto_topup', $3, 'usd', $4, $5)`,
    [purchaseId, userId, claim.amount_cents, (BigInt(claim.amount_cents) * UNITS_PER_CENT).toString(), `auto_topup:${purchaseId}`]);
  try {
    const pi = await stripe().paymentIntents.create({
      amount: claim.amount_cents, currency: "usd", customer: claim.stripe_customer_id, payment_method: claim.payment_method_id,
      off_session: true, confirm: true, description: "Switchyard auto top-up",
      metadata: { purchase_id: purchaseId, user_id: userId, kind: "auto_topup" },
    }, { idempotencyKey: `autotopup-${purchaseId}` });
    if (pi.status !== "succeeded") throw new Error(`Payment ${pi.status === "requires_action" ? "needs your confirmation" : `is ${pi.status}`}; auto top-up was turned off.`);
    const chargeId = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id ?? null;
    await updatePurchase("id", purchaseId, async (sql, p) => {
      await sql(`UPDATE purchases SET status = 'paid', paid_at = now(), stripe_payment_intent_id = $2, stripe_charge_id = $3
        WHERE id = $1`, [p.id, pi.id, chargeId]);
      return null;
    });
    await pool().query("UPDATE auto_top_ups SET in_flight_since = NULL, last_error = NULL WHERE user_id = $1", [userId]);
    logger().info({ userId, purchaseId, amountCents: claim.amount_cents }, "auto top-up charged");
    return "charged";
  } catch (err) {
    const message = err instanceof Stripe.errors.StripeCardError ? `${err.message} Auto top-up was turned off.`
      : err instanceof Error && err.message.includes("auto top-up was turned off") ? err.message
      : "The payment could not be made. Auto top-up was turned off.";
    await pool().query("UPDATE purchases SET status = 'failed', failure_message = $2 WHERE id = $1", [purchaseId, message]);
    await pool().query(
      `UPDATE auto_top_ups SET in_flight_since = NULL, enabled = false, last_error = $2,
         month_spent_cents = GREATEST(0, month_spent_cents - $3) WHERE user_id = $1`, [userId, message, claim.amount_cents]);
    forgetAutoTopUp(userId);
    logger().warn({ userId, purchaseId, reason: err instanceof Error ? err.message.slice(0, 200) : "unknown" }, "auto top-up failed");
    return "failed";
  }
}
