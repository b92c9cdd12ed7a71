// charge.dispute.created: the cardholder disputed the payment; the disputed amount's credits
// are clawed back at once (Stripe has already withdrawn the funds). Once per dispute id.
import { pool } from "@/lib/db";
import { purchaseIdForPaymentIntent } from "@/lib/billing/stripe/events/find-purchase";
import { updatePurchase } from "@/lib/billing/stripe/purchases";
import { disputeSchema, type EventHandler } from "@/lib/billing/stripe/events/schemas";

async function paymentIntentOfCharge(chargeId: string): Promise<string | null> {
  const { rows } = await pool().query<{ pi: string | null }>("SELECT stripe_payment_intent_id AS pi FROM purchases WHERE stripe_charge_id = $1", [chargeId]);
  return rows[0]?.pi ?? null;
}

export const chargeDisputeCreated: EventHandler = async (event) => {
  const d = disputeSchema.parse(event.data.object);
  const pi = d.payment_intent ?? (d.charge ? await paymentIntentOfCharge(d.charge) : null);
  const purchaseId = pi ? await purchaseIdForPaymentIntent(pi) : null;
  if (!purchaseId) return { status: "ignored", detail: "dispute for no known purchase" };
  const r = await updatePurchase("id", purchaseId, async (sql, p) => {
    if (p.dispute_ids.includes(d.id)) return "dispute already recorded";
    await sql(`UPDATE purchases SET disputed_cents = LEAST(disputed_cents + $2::int, amount_cents),
      dispute_ids = array_append(dispute_ids, $3), stripe_charge_id = COALESCE(stripe_charge_id, $4) WHERE id = $1`,
    [p.id, d.amount, d.id, d.charge]);
    return null;
  });
  return { status: "processed", detail: r.detail };
};
