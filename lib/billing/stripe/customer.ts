// The Stripe customer behind an account (needed to save a card for auto top-up).
import Stripe from "stripe";
import { stripe } from "@/lib/billing/stripe/client";
import { clearStripeCustomer, storeStripeCustomer, stripeCustomerOf } from "@/lib/sql/users";

async function createCustomer(userId: string, email: string, attempt: number): Promise<string> {
  const c = await stripe().customers.create({ email, metadata: { user_id: userId } }, { idempotencyKey: `customer-${userId}-${attempt}` });
  // Whoever stores first wins; a racing creator adopts the stored id.
  const stored = await storeStripeCustomer(userId, c.id);
  if (stored === null) throw new Error(`account ${userId} not found`);
  return stored;
}

export async function ensureStripeCustomer(userId: string, email: string): Promise<string> {
  return (await stripeCustomerOf(userId)) ?? createCustomer(userId, email, 0);
}

/** The stored customer is unknown to Stripe (e.g. the emulator restarted): replace it once. */
export async function replaceStripeCustomer(userId: string, email: string, stale: string): Promise<string> {
  await clearStripeCustomer(userId, stale);
  return createCustomer(userId, email, Date.now());
}

export function isMissingCustomer(err: unknown): boolean {
  return err instanceof Stripe.errors.StripeInvalidRequestError && err.code === "resource_missing" && /customer/i.test(err.message);
}
