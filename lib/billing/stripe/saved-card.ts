// After a paid checkout: keep the receipt link and charge id, and the card (saved with
// setup_future_usage) for auto top-up. Best effort: the credits were already granted.
import type Stripe from "stripe";
import { pool } from "@/lib/db";
import { stripe } from "@/lib/billing/stripe/client";

export async function afterCheckoutPaid(userId: string, purchaseId: string, customerId: string | null, paymentIntentId: string): Promise<void> {
  const pi = await stripe().paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  const charge = pi.latest_charge && typeof pi.latest_charge === "object" ? (pi.latest_charge as Stripe.Charge) : null;
  if (charge) {
    await pool().query("UPDATE purchases SET receipt_url = $2, stripe_charge_id = COALESCE(stripe_charge_id, $3) WHERE id = $1",
      [purchaseId, charge.receipt_url ?? null, charge.id]);
  }
  if (!customerId) return;
  const { rows } = await pool().query<{ c: string | null }>("SELECT stripe_customer_id AS c FROM users WHERE id = $1", [userId]);
  if (rows[0]?.c !== customerId) return; // not the customer we created for this account
  const pmId = typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id;
  if (!pmId) return;
  const pm = await stripe().paymentMethods.retrieve(pmId);
  const owner = typeof pm.customer === "string" ? pm.customer : pm.customer?.id;
  if (owner !== customerId) return; // not saved for off-session use
  const label = pm.card ? `${pm.card.brand.charAt(0).toUpperCase()}${pm.card.brand.slice(1)} •••• ${pm.card.last4}` : "Saved card";
  await pool().query(
    `INSERT INTO auto_top_ups (user_id, payment_method_id, card_label, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (user_id) DO UPDATE SET payment_method_id = $2, card_label = $3, updated_at = now()`,
    [userId, pmId, label]);
}
