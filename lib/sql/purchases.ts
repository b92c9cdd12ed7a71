// purchases: the row a credit purchase lives in, from checkout (or an auto top-up charge)
// through Stripe's webhooks to the ledger (lib/billing/stripe/purchases.ts reconciles). The
// webhook facts are recorded with the row locked, inside the reconciling transaction (`sql`).
import type { Sql } from "@/lib/sql/executor";
import { definedCommand, definedQuery, type DefinedQuery } from "@/lib/sql/query";
import { bigint, date, dateOrNull, int, str, strArray, strOrNull, type Row } from "@/lib/sql/rows";

export type PurchaseRow = {
  id: string; user_id: string; source: string; status: string; amount_cents: number; currency: string;
  credits: bigint; stripe_session_id: string | null; stripe_payment_intent_id: string | null;
  granted_at: Date | null; refunded_cents: number; disputed_cents: number; dispute_ids: string[];
  clawed_back_cents: number;
};

const COLUMNS = `id, user_id, source, status, amount_cents, currency, credits::text AS credits, stripe_session_id,
  stripe_payment_intent_id, granted_at, refunded_cents, disputed_cents, dispute_ids, clawed_back_cents`;

const parsePurchase = (r: Row): PurchaseRow => ({
  id: str(r, "id"), user_id: str(r, "user_id"), source: str(r, "source"), status: str(r, "status"),
  amount_cents: int(r, "amount_cents"), currency: str(r, "currency"), credits: bigint(r, "credits"),
  stripe_session_id: strOrNull(r, "stripe_session_id"), stripe_payment_intent_id: strOrNull(r, "stripe_payment_intent_id"),
  granted_at: dateOrNull(r, "granted_at"), refunded_cents: int(r, "refunded_cents"), disputed_cents: int(r, "disputed_cents"),
  dispute_ids: strArray(r, "dispute_ids"), clawed_back_cents: int(r, "clawed_back_cents"),
});

export type PurchaseKey = "id" | "stripe_session_id" | "stripe_payment_intent_id";

const lockBy: Record<PurchaseKey, DefinedQuery<[value: string], PurchaseRow>> = {
  id: definedQuery({ name: "purchase_lock_id", text: `SELECT ${COLUMNS} FROM purchases WHERE id = $1 FOR UPDATE`, parse: parsePurchase }),
  stripe_session_id: definedQuery({
    name: "purchase_lock_session", text: `SELECT ${COLUMNS} FROM purchases WHERE stripe_session_id = $1 FOR UPDATE`, parse: parsePurchase,
  }),
  stripe_payment_intent_id: definedQuery({
    name: "purchase_lock_payment_intent", text: `SELECT ${COLUMNS} FROM purchases WHERE stripe_payment_intent_id = $1 FOR UPDATE`, parse: parsePurchase,
  }),
};

/** The purchase, locked until `sql`'s transaction ends; null when there is none. */
export function lockPurchase(sql: Sql, where: PurchaseKey, value: string): Promise<PurchaseRow | null> {
  return lockBy[where].first([value], sql);
}

/** An UPDATE of one purchase by id, run inside the caller's transaction. */
function update<P extends readonly unknown[]>(name: string, text: string) {
  const c = definedCommand<[id: string, ...P]>({ name, text });
  return async (sql: Sql, id: string, ...values: P): Promise<void> => {
    await c.run([id, ...values], sql);
  };
}

// The ledger caught up: credits granted, clawbacks taken (reconcilePurchase).
export const markGranted = update<[]>("purchase_granted", "UPDATE purchases SET granted_at = now() WHERE id = $1");
export const setClawedBack = update<[cents: number]>("purchase_clawed_back", "UPDATE purchases SET clawed_back_cents = $2 WHERE id = $1");

// Stripe's facts, one statement per webhook event (lib/billing/stripe/events/).
export const recordDispute = update<[cents: number, disputeId: string, chargeId: string | null]>("purchase_dispute",
  `UPDATE purchases SET disputed_cents = LEAST(disputed_cents + $2::int, amount_cents),
    dispute_ids = array_append(dispute_ids, $3), stripe_charge_id = COALESCE(stripe_charge_id, $4) WHERE id = $1`);
/** Stripe sends the cumulative refunded amount: replays and partial refunds converge. */
export const recordRefund = update<[refundedCents: number, chargeId: string]>("purchase_refund",
  `UPDATE purchases SET refunded_cents = GREATEST(refunded_cents, LEAST($2::int, amount_cents)),
    stripe_charge_id = COALESCE(stripe_charge_id, $3) WHERE id = $1`);
export const flagPurchase = update<[message: string]>("purchase_flag",
  "UPDATE purchases SET status = 'flagged', failure_message = $2 WHERE id = $1");
export const markAwaitingPayment = update<[paymentIntentId: string | null]>("purchase_awaiting_payment",
  `UPDATE purchases SET stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, $2),
    status = CASE WHEN status = 'open' THEN 'processing' ELSE status END WHERE id = $1`);
export const markCheckoutPaid = update<[paymentIntentId: string | null]>("purchase_checkout_paid",
  `UPDATE purchases SET status = 'paid', paid_at = COALESCE(paid_at, now()), failure_message = NULL,
    stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, $2) WHERE id = $1 AND status IN ('open', 'processing', 'expired', 'paid')`);
export const markExpired = update<[]>("purchase_expired", "UPDATE purchases SET status = 'expired' WHERE id = $1");
export const recordPaymentFailure = update<[message: string]>("purchase_payment_failed",
  "UPDATE purchases SET failure_message = $2 WHERE id = $1");
/** An auto top-up's PaymentIntent succeeded (the webhook; the charge id comes with the synchronous answer). */
export const markPaymentIntentPaid = update<[paymentIntentId: string]>("purchase_payment_intent_paid",
  `UPDATE purchases SET status = 'paid', paid_at = COALESCE(paid_at, now()), failure_message = NULL,
    stripe_payment_intent_id = $2 WHERE id = $1`);
export const markAutoTopUpPaid = update<[paymentIntentId: string, chargeId: string | null]>("purchase_auto_topup_paid",
  "UPDATE purchases SET status = 'paid', paid_at = now(), stripe_payment_intent_id = $2, stripe_charge_id = $3 WHERE id = $1");

const byPaymentIntent = definedQuery<[paymentIntentId: string], string>({
  name: "purchase_by_payment_intent", text: "SELECT id FROM purchases WHERE stripe_payment_intent_id = $1", parse: (r) => str(r, "id"),
});
export function purchaseIdByPaymentIntent(paymentIntentId: string): Promise<string | null> {
  return byPaymentIntent.first([paymentIntentId]);
}

// Links it only if the purchase is not linked to another PaymentIntent already.
const link = definedQuery<[purchaseId: string, paymentIntentId: string], string>({
  name: "purchase_link_payment_intent",
  text: `UPDATE purchases SET stripe_payment_intent_id = $2
    WHERE id = $1 AND (stripe_payment_intent_id IS NULL OR stripe_payment_intent_id = $2) RETURNING id`,
  parse: (r) => str(r, "id"),
});
/** The purchase id once linked to the PaymentIntent; null when it is linked to another one (or missing). */
export function linkPaymentIntent(purchaseId: string, paymentIntentId: string): Promise<string | null> {
  return link.first([purchaseId, paymentIntentId]);
}

const paymentIntentOf = definedQuery<[chargeId: string], string | null>({
  name: "purchase_payment_intent_of_charge",
  text: "SELECT stripe_payment_intent_id AS pi FROM purchases WHERE stripe_charge_id = $1",
  parse: (r) => strOrNull(r, "pi"),
});
export async function paymentIntentOfCharge(chargeId: string): Promise<string | null> {
  return (await paymentIntentOf.first([chargeId])) ?? null;
}

const receipt = definedCommand<[purchaseId: string, receiptUrl: string | null, chargeId: string]>({
  name: "purchase_receipt",
  text: "UPDATE purchases SET receipt_url = $2, stripe_charge_id = COALESCE(stripe_charge_id, $3) WHERE id = $1",
});
export async function recordReceipt(purchaseId: string, receiptUrl: string | null, chargeId: string): Promise<void> {
  await receipt.run([purchaseId, receiptUrl, chargeId]);
}

export type CheckoutPurchase = { id: string; amount_cents: number; status: string; checkout_url: string | null };
const parseCheckout = (r: Row): CheckoutPurchase => ({
  id: str(r, "id"), amount_cents: int(r, "amount_cents"), status: str(r, "status"), checkout_url: strOrNull(r, "checkout_url"),
});

const insertCheckout = definedQuery<[id: string, userId: string, amountCents: number, credits: bigint, idempotencyKey: string], CheckoutPurchase>({
  name: "purchase_insert_checkout",
  text: `INSERT INTO purchases (id, user_id, source, amount_cents, currency, credits, idempotency_key)
    VALUES ($1, $2, 'checkout', $3, 'usd', $4, $5) ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, amount_cents, status, checkout_url`,
  parse: parseCheckout,
});
const byIdempotencyKey = definedQuery<[idempotencyKey: string, userId: string], CheckoutPurchase>({
  name: "purchase_by_idempotency_key",
  text: "SELECT id, amount_cents, status, checkout_url FROM purchases WHERE idempotency_key = $1 AND user_id = $2",
  parse: parseCheckout,
});

/** Inserts a checkout purchase unless `idempotencyKey` has one; returns the account's row for the key (null: another account's). */
export async function claimCheckoutPurchase(
  p: { id: string; userId: string; amountCents: number; credits: bigint; idempotencyKey: string },
): Promise<CheckoutPurchase | null> {
  return (await insertCheckout.first([p.id, p.userId, p.amountCents, p.credits, p.idempotencyKey]))
    ?? byIdempotencyKey.first([p.idempotencyKey, p.userId]);
}

const session = definedCommand<[purchaseId: string, sessionId: string, url: string]>({
  name: "purchase_checkout_session", text: "UPDATE purchases SET stripe_session_id = $2, checkout_url = $3 WHERE id = $1",
});
export async function recordCheckoutSession(purchaseId: string, sessionId: string, url: string): Promise<void> {
  await session.run([purchaseId, sessionId, url]);
}

const insertAutoTopUp = definedCommand<[id: string, userId: string, amountCents: number, credits: bigint, idempotencyKey: string]>({
  name: "purchase_insert_auto_topup",
  text: `INSERT INTO purchases (id, user_id, source, amount_cents, currency, credits, idempotency_key)
    VALUES ($1, $2, 'auto_topup', $3, 'usd', $4, $5)`,
});
export async function insertAutoTopUpPurchase(p: { id: string; userId: string; amountCents: number; credits: bigint }): Promise<void> {
  await insertAutoTopUp.run([p.id, p.userId, p.amountCents, p.credits, `auto_topup:${p.id}`]);
}

const failed = definedCommand<[purchaseId: string, message: string]>({
  name: "purchase_failed", text: "UPDATE purchases SET status = 'failed', failure_message = $2 WHERE id = $1",
});
export async function markPurchaseFailed(purchaseId: string, message: string): Promise<void> {
  await failed.run([purchaseId, message]);
}

/** A purchase as the billing pages show it. */
export type PurchaseListRow = {
  id: string; source: string; status: string; amountCents: number; credits: bigint; createdAt: Date;
  paidAt: Date | null; receiptUrl: string | null; failureMessage: string | null; clawedBackCents: number;
  stripeSessionId: string | null;
};

const LIST_COLUMNS = `id, source, status, amount_cents, credits::text AS credits, created_at, paid_at, receipt_url,
  failure_message, clawed_back_cents, stripe_session_id`;
const parseListed = (r: Row): PurchaseListRow => ({
  id: str(r, "id"), source: str(r, "source"), status: str(r, "status"), amountCents: int(r, "amount_cents"),
  credits: bigint(r, "credits"), createdAt: date(r, "created_at"), paidAt: dateOrNull(r, "paid_at"),
  receiptUrl: strOrNull(r, "receipt_url"), failureMessage: strOrNull(r, "failure_message"),
  clawedBackCents: int(r, "clawed_back_cents"), stripeSessionId: strOrNull(r, "stripe_session_id"),
});

// Purchases worth listing: paid, failed, or still open with something to say.
const listed = definedQuery<[userId: string, limit: number], PurchaseListRow>({
  name: "purchase_list",
  text: `SELECT ${LIST_COLUMNS} FROM purchases WHERE user_id = $1 AND (status <> 'open' OR failure_message IS NOT NULL)
    ORDER BY created_at DESC LIMIT $2`,
  parse: parseListed,
});
export function listedPurchases(userId: string, limit: number): Promise<PurchaseListRow[]> {
  return listed.all([userId, limit]);
}

const bySession = definedQuery<[userId: string, sessionId: string], PurchaseListRow>({
  name: "purchase_by_session", text: `SELECT ${LIST_COLUMNS} FROM purchases WHERE user_id = $1 AND stripe_session_id = $2`, parse: parseListed,
});
export function purchaseOfSession(userId: string, sessionId: string): Promise<PurchaseListRow | null> {
  return bySession.first([userId, sessionId]);
}
