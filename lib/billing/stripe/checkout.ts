// Starts a credit purchase: our purchase row first (so the webhook can be checked against
// it), then a Stripe Checkout Session with the account as client_reference_id.
import Stripe from "stripe";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import { logger } from "@/lib/observability/logger";
import { formatCredits, UNITS_PER_CENT } from "@/lib/billing/money";
import { stripe } from "@/lib/billing/stripe/client";
import { appUrl } from "@/lib/billing/stripe/config";
import { ensureStripeCustomer, isMissingCustomer, replaceStripeCustomer } from "@/lib/billing/stripe/customer";
import { MAX_PURCHASE_CENTS, MIN_PURCHASE_CENTS } from "@/lib/billing/stripe/packs";
import { claimCheckoutPurchase, recordCheckoutSession, type CheckoutPurchase } from "@/lib/sql/purchases";

const checkoutInputSchema = z.object({
  amountCents: z.number({ error: "Amount must be a number of cents." })
    .int("Amount must be a whole number of cents.")
    .min(MIN_PURCHASE_CENTS, "The smallest purchase is $3.00.")
    .max(MAX_PURCHASE_CENTS, "The largest purchase is $10,000.00."),
  currency: z.string().trim().toLowerCase().default("usd")
    .refine((c) => c === "usd", "Credits are sold in USD only."),
  /** Per form render: a double-submitted form creates one session, not two. */
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "Invalid request key."),
});

export type CheckoutInput = z.input<typeof checkoutInputSchema>;
export type CheckoutStarted = { purchaseId: string; url: string };

async function claimPurchaseRow(userId: string, idempotencyKey: string, amountCents: number): Promise<CheckoutPurchase> {
  const credits = BigInt(amountCents) * UNITS_PER_CENT;
  const row = await claimCheckoutPurchase({ id: createId("pur"), userId, amountCents, credits, idempotencyKey });
  if (!row || row.amount_cents !== amountCents) throw new AppError("conflict", "This checkout form was already used for a different amount. Reload the page and try again.");
  return row;
}

export async function startCheckout(user: { id: string; email: string }, input: CheckoutInput): Promise<CheckoutStarted> {
  const parsed = checkoutInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("invalid_request", issue?.message ?? "Invalid purchase.", String(issue?.path[0] ?? "amountCents"));
  }
  const { amountCents, requestKey } = parsed.data;
  const purchase = await claimPurchaseRow(user.id, `checkout:${user.id}:${requestKey}`, amountCents);
  if (purchase.status === "open" && purchase.checkout_url) return { purchaseId: purchase.id, url: purchase.checkout_url };
  if (purchase.status !== "open") throw new AppError("conflict", "This checkout was already completed. Reload the page to buy more.");

  const credits = BigInt(amountCents) * UNITS_PER_CENT;
  const base = appUrl();
  const create = (customer: string) => stripe().checkout.sessions.create({
    mode: "payment",
    customer,
    client_reference_id: user.id,
    line_items: [{
      quantity: 1,
      price_data: { currency: "usd", unit_amount: amountCents, product_data: { name: `${formatCredits(credits, 0)} Switchyard credits` } },
    }],
    metadata: { purchase_id: purchase.id, user_id: user.id, credits: formatCredits(credits, 0).replaceAll(",", "") },
    payment_intent_data: { metadata: { purchase_id: purchase.id, user_id: user.id }, setup_future_usage: "off_session" },
    success_url: `${base}/dashboard/billing/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${base}/dashboard/billing?checkout=cancelled`,
  }, { idempotencyKey: `checkout-${purchase.id}-${customer}` });

  let session: Stripe.Checkout.Session;
  try {
    let customer = await ensureStripeCustomer(user.id, user.email);
    try {
      session = await create(customer);
    } catch (err) {
      if (!isMissingCustomer(err)) throw err;
      customer = await replaceStripeCustomer(user.id, user.email, customer);
      session = await create(customer);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    logger().error({ purchaseId: purchase.id, err: err instanceof Error ? err.message : String(err) }, "stripe: checkout session create failed");
    throw new AppError("upstream_error", "Could not start checkout with Stripe. Please try again in a moment.");
  }
  if (!session.url) throw new AppError("upstream_error", "Stripe did not return a checkout page. Please try again.");
  await recordCheckoutSession(purchase.id, session.id, session.url);
  logger().info({ purchaseId: purchase.id, amountCents }, "stripe: checkout started");
  return { purchaseId: purchase.id, url: session.url };
}
