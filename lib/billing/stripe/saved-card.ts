// After a paid checkout: keep the receipt link and charge id, and the card (saved with
// setup_future_usage) for auto top-up. Best effort: the credits were already granted.
import type Stripe from "stripe";
import { stripe } from "@/lib/billing/stripe/client";
import { saveCard } from "@/lib/sql/auto-top-ups";
import { recordReceipt } from "@/lib/sql/purchases";
import { stripeCustomerOf } from "@/lib/sql/users";

export async function afterCheckoutPaid(userId: string, purchaseId: string, customerId: string | null, paymentIntentId: string): Promise<void> {
  const pi = await stripe().paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  const charge = pi.latest_charge && typeof pi.latest_charge === "object" ? (pi.latest_charge as Stripe.Charge) : null;
  if (charge) {
    await recordReceipt(purchaseId, charge.receipt_url ?? null, charge.id);
  }
  if (!customerId) return;
  if ((await stripeCustomerOf(userId)) !== customerId) return; // not the customer we created for this account
  const pmId = typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id;
  if (!pmId) return;
  const pm = await stripe().paymentMethods.retrieve(pmId);
  const owner = typeof pm.customer === "string" ? pm.customer : pm.customer?.id;
  if (owner !== customerId) return; // not saved for off-session use
  const label = pm.card ? `${pm.card.brand.charAt(0).toUpperCase()}${pm.card.brand.slice(1)} •••• ${pm.card.last4}` : "Saved card";
  await saveCard(userId, pmId, label);
}
