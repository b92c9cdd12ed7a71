// payment_intent.succeeded for an auto top-up: normally the synchronous answer already
// granted it; this covers a lost answer (timeout after Stripe charged). Checkout payments
// are granted by checkout.session.completed instead.
import { updatePurchase } from "@/lib/billing/stripe/purchases";
import { paymentIntentSchema, type EventHandler } from "@/lib/billing/stripe/events/schemas";
import { markPaymentIntentPaid } from "@/lib/sql/purchases";

export const paymentIntentSucceeded: EventHandler = async (event) => {
  const pi = paymentIntentSchema.parse(event.data.object);
  const purchaseId = pi.metadata.purchase_id;
  if (!purchaseId || pi.metadata.kind !== "auto_topup") return { status: "ignored", detail: "not an auto top-up" };
  const r = await updatePurchase("id", purchaseId, async (sql, p) => {
    if (p.source !== "auto_topup") return "not an auto top-up";
    if (p.stripe_payment_intent_id && p.stripe_payment_intent_id !== pi.id) return "payment intent mismatch";
    await markPaymentIntentPaid(sql, p.id, pi.id);
    return null;
  });
  return r.found ? { status: "processed", detail: r.detail } : { status: "ignored", detail: "unknown purchase" };
};
