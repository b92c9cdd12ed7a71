// charge.refunded: money went back to the customer; the credits it bought are clawed back.
// Stripe sends the cumulative amount_refunded, so replays and partial refunds converge.
import { purchaseIdForPaymentIntent } from "@/lib/billing/stripe/events/find-purchase";
import { updatePurchase } from "@/lib/billing/stripe/purchases";
import { chargeSchema, type EventHandler } from "@/lib/billing/stripe/events/schemas";
import { recordRefund } from "@/lib/sql/purchases";

export const chargeRefunded: EventHandler = async (event) => {
  const charge = chargeSchema.parse(event.data.object);
  const purchaseId = charge.payment_intent ? await purchaseIdForPaymentIntent(charge.payment_intent) : null;
  if (!purchaseId) return { status: "ignored", detail: "charge for no known purchase" };
  const r = await updatePurchase("id", purchaseId, async (sql, p) => {
    await recordRefund(sql, p.id, charge.amount_refunded, charge.id);
    return null;
  });
  return { status: "processed", detail: r.detail };
};
