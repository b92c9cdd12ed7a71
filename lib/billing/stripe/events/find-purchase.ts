// Finds our purchase behind a charge or dispute. Stripe's charge events carry the
// PaymentIntent id; if the checkout.session.completed event that links it has not arrived yet
// (events come in any order), the PaymentIntent's metadata — set by us when we created the
// session — names the purchase.
import { logger } from "@/lib/observability/logger";
import { stripe } from "@/lib/billing/stripe/client";
import { linkPaymentIntent, purchaseIdByPaymentIntent } from "@/lib/sql/purchases";

export async function purchaseIdForPaymentIntent(paymentIntentId: string): Promise<string | null> {
  const known = await purchaseIdByPaymentIntent(paymentIntentId);
  if (known) return known;
  try {
    const pi = await stripe().paymentIntents.retrieve(paymentIntentId);
    const purchaseId = pi.metadata?.purchase_id;
    if (!purchaseId) return null;
    // Link it only if the purchase is not linked to another PaymentIntent already.
    return await linkPaymentIntent(purchaseId, paymentIntentId);
  } catch (err) {
    logger().warn({ paymentIntentId, err: err instanceof Error ? err.message : String(err) }, "stripe: payment intent lookup failed");
    throw err; // let Stripe retry the event later
  }
}
