// The credit ledger. Every balance change is ONE SQL statement that updates users.balance
// and appends the ledger row together (lib/sql/ledger.ts); the unique (kind, source_id) index
// turns a repeated grant/webhook/settlement into a unique violation that rolls the whole
// statement back, so nothing is ever counted twice and balance = sum(ledger) holds under any
// concurrency.
import { forgetBalance } from "@/lib/billing/settlement/balance-view";
import { createTimeOrderedId } from "@/lib/ids";
import { publishInvalidation } from "@/lib/invalidation/publish";
import type { Sql } from "@/lib/sql/executor";
import { isUniqueViolation } from "@/lib/sql/errors";
import { accountExists, insertLedgerEntry, ledgerEntryExists, type LedgerKind } from "@/lib/sql/ledger";

export type { LedgerKind };
/** Whether the ledger already holds this (kind, source id) entry — its idempotency key. */
export { ledgerEntryExists };

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

/** Applies one entry through `sql` (a transaction's executor, or sqlFromPool(pool) in tests). */
export async function applyLedgerEntry(sql: Sql, w: LedgerWrite): Promise<LedgerResult> {
  try {
    const balance = await insertLedgerEntry({
      id: createTimeOrderedId("le"), userId: w.userId, kind: w.kind, amount: w.amount, sourceId: w.sourceId,
      description: w.description ?? null, metadata: w.metadata ? JSON.stringify(w.metadata) : null, floor: w.floor ?? null,
    }, sql);
    if (balance !== null) {
      // Every process's known balance of the account (balance-view.ts) is now out of date:
      // here at once, elsewhere when the transaction commits.
      forgetBalance(w.userId);
      await publishInvalidation({ kind: "balance", userId: w.userId }, sql);
      return { status: "applied", balance };
    }
    // Nothing updated: either the account is gone or the floor check refused the debit.
    return (await accountExists(w.userId, sql)) ? { status: "insufficient" } : { status: "no_account" };
  } catch (err) {
    if (isUniqueViolation(err)) return { status: "duplicate" };
    throw err;
  }
}
