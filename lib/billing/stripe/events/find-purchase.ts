// Finds our purchase behind a charge or dispute. Stripe's charge events carry the
// PaymentIntent id; if the checkout.session.completed event that links it has not arrived yet
// (events come in any order), the PaymentIntent's metadata — set by us when we created the
// session — names the purchase.
import { pool } from "@/lib/db";
import { logger } from "@/lib/observability/logger";
import { stripe } from "@/lib/billing/stripe/client";

export async function purchaseIdForPaymentIntent(paymentIntentId: string): Promise<string | null> {
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM purchases WHERE stripe_payment_intent_id = $1", [paymentIntentId]);
  if (rows[0]) return rows[0].id;
  try {
    const pi = await stripe().paymentIntents.retrieve(paymentIntentId);
    const purchaseId = pi.metadata?.purchase_id;
    if (!purchaseId) return null;
    // Link it only if the purchase is not linked to another PaymentIntent already.
    const linked = await pool().query<{ id: string }>(
      `UPDATE purchases SET stripe_payment_intent_id = $2 WHERE id = $1 AND (stripe_payment_intent_id IS NULL OR stripe_payment_intent_id = $2) RETURNING id`,
      [purchaseId, paymentIntentId]);
    return linked.rows[0]?.id ?? null;
  } catch (err) {
    logger().warn({ paymentIntentId, err: err instanceof Error ? err.message : String(err) }, "stripe: payment intent lookup failed");
    throw err; // let Stripe retry the event later
  }
}
