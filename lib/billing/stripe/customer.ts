// The Stripe customer behind an account (needed to save a card for auto top-up).
import Stripe from "stripe";
import { pool } from "@/lib/db";
import { stripe } from "@/lib/billing/stripe/client";

async function createCustomer(userId: string, email: string, attempt: number): Promise<string> {
  const c = await stripe().customers.create({ email, metadata: { user_id: userId } }, { idempotencyKey: `customer-${userId}-${attempt}` });
  // Whoever stores first wins; a racing creator adopts the stored id.
  const { rows } = await pool().query<{ id: string }>(
    `UPDATE users SET stripe_customer_id = COALESCE(stripe_customer_id, $2) WHERE id = $1 RETURNING stripe_customer_id AS id`, [userId, c.id]);
  return rows[0]!.id;
}

export async function ensureStripeCustomer(userId: string, email: string): Promise<string> {
  const { rows } = await pool().query<{ id: string | null }>("SELECT stripe_customer_id AS id FROM users WHERE id = $1", [userId]);
  return rows[0]?.id ?? createCustomer(userId, email, 0);
}

/** The stored customer is unknown to Stripe (e.g. the emulator restarted): replace it once. */
export async function replaceStripeCustomer(userId: string, email: string, stale: string): Promise<string> {
  await pool().query("UPDATE users SET stripe_customer_id = NULL WHERE id = $1 AND stripe_customer_id = $2", [userId, stale]);
  return createCustomer(userId, email, Date.now());
}

export function isMissingCustomer(err: unknown): boolean {
  return err instanceof Stripe.errors.StripeInvalidRequestError && err.code === "resource_missing" && /customer/i.test(err.message);
}
