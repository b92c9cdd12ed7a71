// checkout.session.completed: the customer finished Checkout. Credits are granted from OUR
// purchase row (found by the session id we stored), never from the event's metadata; the
// event must match what we created (account, amount, currency) or the purchase is flagged.
// Delayed payment methods complete with payment_status "unpaid": wait for the async event.
import { logger } from "@/lib/observability/logger";
import { updatePurchase } from "@/lib/billing/stripe/purchases";
import { afterCheckoutPaid } from "@/lib/billing/stripe/saved-card";
import { flagPurchase, markAwaitingPayment, markCheckoutPaid } from "@/lib/sql/purchases";
import { checkoutSessionSchema, type CheckoutSessionPayload, type EventHandler, type HandlerResult } from "@/lib/billing/stripe/events/schemas";

export async function applyCheckoutSession(s: CheckoutSessionPayload, eventId: string): Promise<HandlerResult> {
  let owner: { userId: string; purchaseId: string } | null = null;
  const r = await updatePurchase("stripe_session_id", s.id, async (sql, p) => {
    owner = { userId: p.user_id, purchaseId: p.id };
    const mismatch =
      s.client_reference_id !== p.user_id ? "client_reference_id does not match the purchase's account"
      : s.amount_total !== p.amount_cents ? "amount does not match the purchase"
      : (s.currency ?? "").toLowerCase() !== p.currency ? "currency does not match the purchase" : null;
    if (mismatch) {
      logger().warn({ eventId, purchaseId: p.id, sessionId: s.id, reason: mismatch }, "stripe: checkout session rejected");
      if (!p.granted_at) {
        await flagPurchase(sql, p.id, "Payment details did not match this purchase; contact support.");
      }
      return `rejected: ${mismatch}`;
    }
    if (s.payment_status !== "paid") {
      await markAwaitingPayment(sql, p.id, s.payment_intent);
      return "awaiting payment";
    }
    await markCheckoutPaid(sql, p.id, s.payment_intent);
    return null;
  });
  if (!r.found) {
    logger().warn({ eventId, sessionId: s.id }, "stripe: checkout session for no known purchase; ignored");
    return { status: "ignored", detail: "unknown checkout session" };
  }
  const paid = owner as { userId: string; purchaseId: string } | null;
  if (paid && s.payment_intent && s.payment_status === "paid" && !r.detail.startsWith("rejected")) {
    await afterCheckoutPaid(paid.userId, paid.purchaseId, s.customer, s.payment_intent).catch((err: unknown) =>
      logger().warn({ eventId, err: err instanceof Error ? err.message : String(err) }, "stripe: could not record the receipt / saved card"));
  }
  return { status: "processed", detail: r.detail };
}

export const checkoutSessionCompleted: EventHandler = async (event) =>
  applyCheckoutSession(checkoutSessionSchema.parse(event.data.object), event.id);
