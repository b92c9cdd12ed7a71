// ledger_entries with users.balance: every balance change is ONE statement that updates the
// balance and appends the ledger row (lib/billing/ledger.ts decides what a result means),
// and the reads of the ledger the billing pages and sign-up make. Charges are written by
// charges.ts. Run on the pool or inside a transaction (`via`).
import type { Sql } from "@/lib/sql/executor";
import { definedQuery } from "@/lib/sql/query";
import { bigint, int, str, strOrNull, date } from "@/lib/sql/rows";

export type LedgerKind = "grant" | "purchase" | "reservation" | "release" | "charge" | "refund" | "adjustment";

export type LedgerInsert = {
  id: string; userId: string; kind: LedgerKind; amount: bigint; sourceId: string;
  description: string | null; metadata: string | null; floor: bigint | null;
};

// Applies the amount unless it would take the balance below the floor ($7); a repeated
// (kind, source_id) is a unique violation that rolls the whole statement back.
const apply = definedQuery<[userId: string, kind: LedgerKind, amount: bigint, sourceId: string,
  description: string | null, metadata: string | null, floor: bigint | null, id: string], bigint>({
  name: "ledger_apply",
  text: `
WITH upd AS (
  UPDATE users SET balance = balance + $3::bigint, updated_at = now()
  WHERE id = $1 AND ($7::bigint IS NULL OR balance + $3::bigint >= $7::bigint)
  RETURNING balance
)
INSERT INTO ledger_entries (id, user_id, kind, amount, balance_after, source_id, description, metadata, created_at)
SELECT $8, $1, $2::ledger_kind, $3::bigint, upd.balance, $4, $5, $6::jsonb, now() FROM upd
RETURNING balance_after`,
  parse: (r) => bigint(r, "balance_after"),
});

/** The balance after the entry, or null when nothing was applied (no account, or under the floor). */
export function insertLedgerEntry(e: LedgerInsert, via?: Sql): Promise<bigint | null> {
  return apply.first([e.userId, e.kind, e.amount, e.sourceId, e.description, e.metadata, e.floor, e.id], via);
}

const userExists = definedQuery<[userId: string], true>({
  name: "user_exists", text: "SELECT 1 AS one FROM users WHERE id = $1", parse: () => true,
});

export async function accountExists(userId: string, via?: Sql): Promise<boolean> {
  return (await userExists.first([userId], via)) !== null;
}

const entryExists = definedQuery<[kind: LedgerKind, sourceId: string], true>({
  name: "ledger_entry_exists", text: "SELECT 1 AS one FROM ledger_entries WHERE kind = $1::ledger_kind AND source_id = $2", parse: () => true,
});

/** Whether an entry of this kind exists for `sourceId` (any account): grants once per mailbox. */
export async function ledgerEntryExists(kind: LedgerKind, sourceId: string, via?: Sql): Promise<boolean> {
  return (await entryExists.first([kind, sourceId], via)) !== null;
}

const purchaseEntry = definedQuery<[userId: string, purchaseId: string], true>({
  name: "ledger_purchase_granted",
  text: "SELECT 1 AS one FROM ledger_entries WHERE user_id = $1 AND kind = 'purchase' AND source_id = $2",
  parse: () => true,
});

/** True once the purchase's credits are in the account's ledger. */
export async function purchaseInLedger(userId: string, purchaseId: string): Promise<boolean> {
  return (await purchaseEntry.first([userId, purchaseId])) !== null;
}

export type LedgerLineRow = {
  id: string; kind: "grant" | "purchase" | "adjustment" | "usage"; amount: bigint; description: string | null;
  at: Date; requests: number; reason: string | null;
};

const LINE_KINDS = new Set<string>(["grant", "purchase", "adjustment", "usage"]);

function lineKind(k: string): LedgerLineRow["kind"] {
  if (!LINE_KINDS.has(k)) throw new Error(`column "kind": unexpected ledger line kind`);
  return k as LedgerLineRow["kind"];
}

// Individual lines for grants, purchases and adjustments (refund/dispute clawbacks); usage
// (per-request charges; older data also has reservations, releases and request refunds)
// summarised per UTC day with its request count.
const page = definedQuery<[userId: string, limit: number, offset: number], LedgerLineRow>({
  name: "ledger_page",
  text: `
SELECT id, kind, amount::text AS amount, description, at, requests, reason FROM (
  SELECT id, kind::text AS kind, amount, description, created_at AS at, 0 AS requests, metadata->>'reason' AS reason
  FROM ledger_entries WHERE user_id = $1 AND kind IN ('grant', 'purchase', 'adjustment')
  UNION ALL
  SELECT 'usage-' || to_char(day, 'YYYY-MM-DD'), 'usage', sum(amount), NULL, max(created_at), count(DISTINCT source_id)::int, NULL
  FROM (SELECT date_trunc('day', created_at) AS day, amount, created_at, source_id FROM ledger_entries
        WHERE user_id = $1 AND kind IN ('reservation', 'release', 'charge', 'refund')) u
  GROUP BY day
) t ORDER BY at DESC, id LIMIT $2 OFFSET $3`,
  parse: (r) => ({
    id: str(r, "id"), kind: lineKind(str(r, "kind")), amount: bigint(r, "amount"), description: strOrNull(r, "description"),
    at: date(r, "at"), requests: int(r, "requests"), reason: strOrNull(r, "reason"),
  }),
});

/** `limit` lines of the account's ledger as the billing page lists it, newest first. */
export function ledgerLines(userId: string, limit: number, offset: number): Promise<LedgerLineRow[]> {
  return page.all([userId, limit, offset]);
}
