// payment_intent.payment_failed: a card was declined. Recorded on the purchase so the billing
// page can say why; no credits move. Stripe's decline message is safe to show (no card data).
import { updatePurchase } from "@/lib/billing/stripe/purchases";
import { paymentIntentSchema, type EventHandler } from "@/lib/billing/stripe/events/schemas";
import { recordPaymentFailure } from "@/lib/sql/purchases";

export const paymentIntentPaymentFailed: EventHandler = async (event) => {
  const pi = paymentIntentSchema.parse(event.data.object);
  const purchaseId = pi.metadata.purchase_id;
  if (!purchaseId) return { status: "ignored", detail: "not a Switchyard purchase" };
  const message = (pi.last_payment_error?.message ?? "The payment failed.").slice(0, 200);
  const r = await updatePurchase("id", purchaseId, async (sql, p) => {
    if (p.status === "open" || p.status === "processing") {
      await recordPaymentFailure(sql, p.id, message);
    }
    return "payment failed";
  });
  return r.found ? { status: "processed", detail: "payment failed" } : { status: "ignored", detail: "unknown purchase" };
};
