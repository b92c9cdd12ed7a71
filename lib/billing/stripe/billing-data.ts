// What the billing pages show, always scoped to the signed-in account.
import { pool } from "@/lib/db";

export type PurchaseView = {
  id: string; source: string; status: string; amountCents: number; credits: bigint; createdAt: Date;
  paidAt: Date | null; receiptUrl: string | null; failureMessage: string | null; clawedBackCents: number;
  stripeSessionId: string | null;
};

type PurchaseRow = {
  id: string; source: string; status: string; amount_cents: number; credits: string; created_at: Date; paid_at: Date | null;
  receipt_url: string | null; failure_message: string | null; clawed_back_cents: number; stripe_session_id: string | null;
};

const toView = (r: PurchaseRow): PurchaseView => ({
  id: r.id, source: r.source, status: r.status, amountCents: r.amount_cents, credits: BigInt(r.credits), createdAt: r.created_at,
  paidAt: r.paid_at, receiptUrl: r.receipt_url, failureMessage: r.failure_message, clawedBackCents: r.clawed_back_cents,
  stripeSessionId: r.stripe_session_id,
});

const PURCHASE_COLUMNS = `id, source, status, amount_cents, credits::text AS credits, created_at, paid_at, receipt_url,
  failure_message, clawed_back_cents, stripe_session_id`;

/** Purchases worth listing: paid, failed, or still open with something to say. */
export async function listPurchases(userId: string, limit = 20): Promise<PurchaseView[]> {
  const { rows } = await pool().query<PurchaseRow>(
    `SELECT ${PURCHASE_COLUMNS} FROM purchases WHERE user_id = $1 AND (status <> 'open' OR failure_message IS NOT NULL)
     ORDER BY created_at DESC LIMIT $2`, [userId, limit]);
  return rows.map(toView);
}

export async function purchaseBySession(userId: string, sessionId: string): Promise<PurchaseView | null> {
  const { rows } = await pool().query<PurchaseRow>(
    `SELECT ${PURCHASE_COLUMNS} FROM purchases WHERE user_id = $1 AND stripe_session_id = $2`, [userId, sessionId]);
  return rows[0] ? toView(rows[0]) : null;
}

/** True once the purchase's credits are in the ledger. */
export async function purchaseGranted(userId: string, purchaseId: string): Promise<boolean> {
  const { rows } = await pool().query("SELECT 1 FROM ledger_entries WHERE user_id = $1 AND kind = 'purchase' AND source_id = $2", [userId, purchaseId]);
  return rows.length > 0;
}

export type LedgerLine = {
  id: string; kind: "grant" | "purchase" | "adjustment" | "usage"; amount: bigint; description: string | null;
  at: Date; requests: number; reason: string | null;
};

export const LEDGER_PAGE_SIZE = 25;

// Individual lines for grants, purchases and adjustments (refund/dispute clawbacks); usage
// (per-request charges; older data also has reservations, releases and request refunds)
// summarised per UTC day with its request count.
const LEDGER_PAGE = `
SELECT id, kind, amount::text AS amount, description, at, requests, reason FROM (
  SELECT id, kind::text AS kind, amount, description, created_at AS at, 0 AS requests, metadata->>'reason' AS reason
  FROM ledger_entries WHERE user_id = $1 AND kind IN ('grant', 'purchase', 'adjustment')
  UNION ALL
  SELECT 'usage-' || to_char(day, 'YYYY-MM-DD'), 'usage', sum(amount), NULL, max(created_at), count(DISTINCT source_id)::int, NULL
  FROM (SELECT date_trunc('day', created_at) AS day, amount, created_at, source_id FROM ledger_entries
        WHERE user_id = $1 AND kind IN ('reservation', 'release', 'charge', 'refund')) u
  GROUP BY day
) t ORDER BY at DESC, id LIMIT $2 OFFSET $3`;

export async function ledgerPage(userId: string, page: number): Promise<{ lines: LedgerLine[]; hasMore: boolean }> {
  const p = Math.max(1, Math.min(10_000, Math.floor(page) || 1));
  const { rows } = await pool().query<{ id: string; kind: LedgerLine["kind"]; amount: string; description: string | null; at: Date; requests: number; reason: string | null }>(
    LEDGER_PAGE, [userId, LEDGER_PAGE_SIZE + 1, (p - 1) * LEDGER_PAGE_SIZE]);
  return {
    lines: rows.slice(0, LEDGER_PAGE_SIZE).map((r) => ({ ...r, amount: BigInt(r.amount) })),
    hasMore: rows.length > LEDGER_PAGE_SIZE,
  };
}
