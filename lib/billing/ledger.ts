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

// Several entries for ONE account in one statement (see ledger-batch.ts): one UPDATE by the
// total, and each row's balance_after = new balance − the amounts of the rows after it.
// Callers pass only same-sign entries, so checking the floor on the total checks every prefix.
const APPLY_MANY = `
WITH input AS (
  SELECT * FROM unnest($2::text[], $3::ledger_kind[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[])
    WITH ORDINALITY AS t(id, kind, amount, source_id, description, metadata, ord)
), total AS (SELECT sum(amount)::bigint AS s FROM input),
upd AS (
  UPDATE users SET balance = balance + (SELECT s FROM total), updated_at = now()
  WHERE id = $1 AND ($8::bigint IS NULL OR balance + (SELECT s FROM total) >= $8::bigint)
  RETURNING balance
)
INSERT INTO ledger_entries (id, user_id, kind, amount, balance_after, source_id, description, metadata, created_at)
SELECT i.id, $1, i.kind, i.amount,
  upd.balance - coalesce(sum(i.amount) OVER (ORDER BY i.ord DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
  i.source_id, i.description, i.metadata, now()
FROM input i CROSS JOIN upd
RETURNING kind::text, source_id, balance_after`;

/**
 * Applies same-account, same-sign entries atomically, or none of them. Returns each row's
 * balance after it, in input order — or null when the statement changed nothing (a
 * duplicate source, the floor, or no account): the caller then applies them one by one to
 * learn which.
 */
export async function applyLedgerEntriesAtomically(sql: Sql, userId: string, ws: LedgerWrite[], floor: bigint | null):
  Promise<bigint[] | null> {
  try {
    const rows = await sql<{ kind: string; source_id: string; balance_after: bigint | string }>(APPLY_MANY, [
      userId, ws.map(() => createId("le")), ws.map((w) => w.kind), ws.map((w) => w.amount.toString()),
      ws.map((w) => w.sourceId), ws.map((w) => w.description ?? null),
      ws.map((w) => (w.metadata ? JSON.stringify(w.metadata) : null)), floor,
    ], "ledger_apply_many");
    if (rows.length !== ws.length) return null;
    // RETURNING's order is not guaranteed: match rows by (kind, source), unique in the table.
    const after = new Map(rows.map((r) => [`${r.kind}|${r.source_id}`, BigInt(r.balance_after)]));
    return ws.map((w) => after.get(`${w.kind}|${w.sourceId}`)!);
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}
