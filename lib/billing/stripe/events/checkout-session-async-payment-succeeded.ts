// checkout.session.async_payment_succeeded: a delayed payment (bank debit) cleared.
import { applyCheckoutSession } from "@/lib/billing/stripe/events/checkout-session-completed";
import { checkoutSessionSchema, type EventHandler } from "@/lib/billing/stripe/events/schemas";

export const checkoutSessionAsyncPaymentSucceeded: EventHandler = async (event) =>
  applyCheckoutSession(checkoutSessionSchema.parse(event.data.object), event.id);
