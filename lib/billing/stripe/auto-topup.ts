// Auto top-up: when a settle leaves the balance under the threshold, charge the saved card
// off-session. One conditional UPDATE claims the single in-flight slot AND books the amount
// against the month's cap, so concurrent settles (on any number of instances) start at most
// one charge and never pass the cap. A failure releases the booking and disables auto top-up.
import Stripe from "stripe";
import { createId } from "@/lib/ids";
import { logger } from "@/lib/observability/logger";
import { UNITS_PER_CENT } from "@/lib/billing/money";
import { stripe } from "@/lib/billing/stripe/client";
import { forgetAutoTopUp } from "@/lib/billing/stripe/auto-topup-flags";
import { updatePurchase } from "@/lib/billing/stripe/purchases";
import { autoTopUpFailed, autoTopUpSucceeded, claimAutoTopUp } from "@/lib/sql/auto-top-ups";
import { insertAutoTopUpPurchase, markAutoTopUpPaid, markPurchaseFailed } from "@/lib/sql/purchases";

export type AutoTopUpResult = "not_needed" | "charged" | "failed";

export async function runAutoTopUp(userId: string): Promise<AutoTopUpResult> {
  const month = new Date().toISOString().slice(0, 7);
  const claim = await claimAutoTopUp(userId, month);
  if (!claim) return "not_needed";
  const purchaseId = createId("pur");
  await insertAutoTopUpPurchase({ id: purchaseId, userId, amountCents: claim.amountCents, credits: BigInt(claim.amountCents) * UNITS_PER_CENT });
  try {
    const pi = await stripe().paymentIntents.create({
      amount: claim.amountCents, currency: "usd", customer: claim.customerId, payment_method: claim.paymentMethodId,
      off_session: true, confirm: true, description: "Switchyard auto top-up",
      metadata: { purchase_id: purchaseId, user_id: userId, kind: "auto_topup" },
    }, { idempotencyKey: `autotopup-${purchaseId}` });
    if (pi.status !== "succeeded") throw new Error(`Payment ${pi.status === "requires_action" ? "needs your confirmation" : `is ${pi.status}`}; auto top-up was turned off.`);
    const chargeId = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id ?? null;
    await updatePurchase("id", purchaseId, async (sql, p) => {
      await markAutoTopUpPaid(sql, p.id, pi.id, chargeId);
      return null;
    });
    await autoTopUpSucceeded(userId);
    logger().info({ userId, purchaseId, amountCents: claim.amountCents }, "auto top-up charged");
    return "charged";
  } catch (err) {
    const message = err instanceof Stripe.errors.StripeCardError ? `${err.message} Auto top-up was turned off.`
      : err instanceof Error && err.message.includes("auto top-up was turned off") ? err.message
      : "The payment could not be made. Auto top-up was turned off.";
    await markPurchaseFailed(purchaseId, message);
    await autoTopUpFailed(userId, message, claim.amountCents);
    forgetAutoTopUp(userId);
    logger().warn({ userId, purchaseId, reason: err instanceof Error ? err.message.slice(0, 200) : "unknown" }, "auto top-up failed");
    return "failed";
  }
}
