// The allow-list: the event types Switchyard acts on, one handler file each. Anything else
// is acknowledged (so Stripe stops retrying) and ignored.
import { chargeDisputeCreated } from "@/lib/billing/stripe/events/charge-dispute-created";
import { chargeRefunded } from "@/lib/billing/stripe/events/charge-refunded";
import { checkoutSessionAsyncPaymentSucceeded } from "@/lib/billing/stripe/events/checkout-session-async-payment-succeeded";
import { checkoutSessionCompleted } from "@/lib/billing/stripe/events/checkout-session-completed";
import { checkoutSessionExpired } from "@/lib/billing/stripe/events/checkout-session-expired";
import { paymentIntentPaymentFailed } from "@/lib/billing/stripe/events/payment-intent-payment-failed";
import { paymentIntentSucceeded } from "@/lib/billing/stripe/events/payment-intent-succeeded";
import type { EventHandler } from "@/lib/billing/stripe/events/schemas";

export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  "checkout.session.completed": checkoutSessionCompleted,
  "checkout.session.async_payment_succeeded": checkoutSessionAsyncPaymentSucceeded,
  "checkout.session.expired": checkoutSessionExpired,
  "payment_intent.payment_failed": paymentIntentPaymentFailed,
  "payment_intent.succeeded": paymentIntentSucceeded,
  "charge.refunded": chargeRefunded,
  "charge.dispute.created": chargeDisputeCreated,
};
