// users: an account's balance as billing reads it, and its Stripe customer. (Balance changes
// are in ledger.ts and charges.ts; holds in credit-holds.ts.)
import { definedCommand, definedQuery } from "@/lib/sql/query";
import { bigint, strOrNull } from "@/lib/sql/rows";

const balance = definedQuery<[userId: string], { balance: bigint; held: bigint }>({
  name: "account_balance",
  text: "SELECT balance::text, held::text FROM users WHERE id = $1",
  parse: (r) => ({ balance: bigint(r, "balance"), held: bigint(r, "held") }),
});

/** `balance` and `held`, or null when the account does not exist. One prepared statement. */
export function accountBalanceRow(userId: string): Promise<{ balance: bigint; held: bigint } | null> {
  return balance.first([userId]);
}

const customerOf = definedQuery<[userId: string], string | null>({
  name: "user_stripe_customer", text: "SELECT stripe_customer_id AS id FROM users WHERE id = $1", parse: (r) => strOrNull(r, "id"),
});

/** The account's Stripe customer id (null: none yet, or no such account). */
export async function stripeCustomerOf(userId: string): Promise<string | null> {
  return (await customerOf.first([userId])) ?? null;
}

// Whoever stores first wins; a racing creator adopts the stored id.
const adoptCustomer = definedQuery<[userId: string, customerId: string], string | null>({
  name: "user_stripe_customer_set",
  text: "UPDATE users SET stripe_customer_id = COALESCE(stripe_customer_id, $2) WHERE id = $1 RETURNING stripe_customer_id AS id",
  parse: (r) => strOrNull(r, "id"),
});

/** Stores `customerId` unless the account has one already; returns the stored one (null: no account). */
export async function storeStripeCustomer(userId: string, customerId: string): Promise<string | null> {
  return (await adoptCustomer.first([userId, customerId])) ?? null;
}

const dropCustomer = definedCommand<[userId: string, stale: string]>({
  name: "user_stripe_customer_clear", text: "UPDATE users SET stripe_customer_id = NULL WHERE id = $1 AND stripe_customer_id = $2",
});

export async function clearStripeCustomer(userId: string, stale: string): Promise<void> {
  await dropCustomer.run([userId, stale]);
}
