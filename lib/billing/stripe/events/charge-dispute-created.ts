// charge.dispute.created: the cardholder disputed the payment; the disputed amount's credits
// are clawed back at once (Stripe has already withdrawn the funds). Once per dispute id.
import { purchaseIdForPaymentIntent } from "@/lib/billing/stripe/events/find-purchase";
import { updatePurchase } from "@/lib/billing/stripe/purchases";
import { disputeSchema, type EventHandler } from "@/lib/billing/stripe/events/schemas";
import { paymentIntentOfCharge, recordDispute } from "@/lib/sql/purchases";

export const chargeDisputeCreated: EventHandler = async (event) => {
  const d = disputeSchema.parse(event.data.object);
  const pi = d.payment_intent ?? (d.charge ? await paymentIntentOfCharge(d.charge) : null);
  const purchaseId = pi ? await purchaseIdForPaymentIntent(pi) : null;
  if (!purchaseId) return { status: "ignored", detail: "dispute for no known purchase" };
  const r = await updatePurchase("id", purchaseId, async (sql, p) => {
    if (p.dispute_ids.includes(d.id)) return "dispute already recorded";
    await recordDispute(sql, p.id, d.amount, d.id, d.charge);
    return null;
  });
  return { status: "processed", detail: r.detail };
};
