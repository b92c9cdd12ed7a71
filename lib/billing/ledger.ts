// The credit ledger. Every balance change is ONE SQL statement that updates users.balance
// and appends the ledger row together; the unique (kind, source_id) index turns a repeated
// grant/webhook/settlement into a unique violation that rolls the whole statement back,
// so nothing is ever counted twice and balance = sum(ledger) holds under any concurrency.
import { createId } from "@/lib/ids";
import { isUniqueViolation, type Sql } from "@/lib/billing/sql";

export type LedgerKind = "grant" | "purchase" | "reservation" | "release" | "charge" | "refund" | "adjustment";

export type LedgerWrite = {
  userId: string;
  kind: LedgerKind;
  /** Signed money units: positive credits the account, negative debits it. */
  amount: bigint;
  sourceId: string;
  description?: string;
  metadata?: Record<string, unknown>;
  /** Debits only: refuse (return "insufficient") rather than go below this balance. */
  floor?: bigint;
};

export type LedgerResult =
  | { status: "applied"; balance: bigint }
  | { status: "duplicate" }
  | { status: "insufficient" }
  | { status: "no_account" };

const APPLY = `
WITH upd AS (
  UPDATE users SET balance = balance + $3::bigint, updated_at = now()
  WHERE id = $1 AND ($7::bigint IS NULL OR balance + $3::bigint >= $7::bigint)
  RETURNING balance
)
INSERT INTO ledger_entries (id, user_id, kind, amount, balance_after, source_id, description, metadata, created_at)
SELECT $8, $1, $2::ledger_kind, $3::bigint, upd.balance, $4, $5, $6::jsonb, now() FROM upd
RETURNING balance_after`;

export async function applyLedgerEntry(sql: Sql, w: LedgerWrite): Promise<LedgerResult> {
  try {
    const rows = await sql<{ balance_after: bigint | string }>(APPLY, [
      w.userId, w.kind, w.amount, w.sourceId, w.description ?? null,
      w.metadata ? JSON.stringify(w.metadata) : null, w.floor ?? null, createId("le"),
    ], "ledger_apply");
    const row = rows[0];
    if (row) return { status: "applied", balance: BigInt(row.balance_after) };
    // Nothing updated: either the account is gone or the floor check refused the debit.
    const exists = await sql<{ one: number }>("SELECT 1 AS one FROM users WHERE id = $1", [w.userId], "user_exists");
    return exists.length ? { status: "insufficient" } : { status: "no_account" };
  } catch (err) {
    if (isUniqueViolation(err)) return { status: "duplicate" };
    throw err;
  }
}
