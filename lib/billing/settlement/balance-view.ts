// What this process knows of an account's balance without asking the database: the balance
// its own last charge batch left (lib/sql/charges.ts returns it), and which charges it has
// queued but not written yet. The orchestration endpoints' `remaining_units` is then
// `known balance − the call's unwritten charges` with no round trip on the response path
// (balance-after.ts); a compare of three models spent ~20 % of its CPU on that read.
//
// A known balance is used for FRESH_MS only, then the database is asked again: other
// processes' charges reach this view with this process's next batch for the account or within
// FRESH_MS, as they reached the read before only once written. FRESH_MS is two batch intervals
// (charge-batching.ts): a busy account's known balance is renewed by every batch, so it stays
// fresh between them (at one interval, half the reads of a compare went to the database:
// +20 % CPU per compare). Credits added (purchases,
// grants: lib/billing/ledger.ts) forget the account here and, through the invalidation
// channel, in every process, so a top-up shows at once.
import { CHARGE_FLUSH_MS } from "@/lib/billing/settlement/charge-batching";
import { processSingleton } from "@/lib/shared-state";

/** How long a known balance is used: other processes' charges show in it within this. */
export const FRESH_MS = 2 * CHARGE_FLUSH_MS;

type View = {
  /** userId → the balance after this process's last batch that charged it, and when. */
  known: Map<string, { balance: bigint; at: number }>;
  /** Log ids of charges queued (or being written) by this process: not in any known balance. */
  pending: Set<string>;
};
const view = processSingleton<View>("balanceView", () => ({ known: new Map(), pending: new Set() }));

/** A charge was queued: it counts against the balance until its batch is recorded. */
export function chargeQueued(logId: string): void {
  view.pending.add(logId);
}

/**
 * A batch was written. `balances`: what the statement returned for the accounts it charged.
 * An account with a charge in the batch but no balance returned (a retried batch whose rows
 * were already written) is forgotten: its known balance may predate them.
 */
export function batchWritten(entries: ReadonlyArray<{ id: string; userId: string; charge: bigint }>, balances: ReadonlyMap<string, bigint>): void {
  const at = performance.now();
  for (const e of entries) {
    if (e.charge <= 0n) continue;
    view.pending.delete(e.id);
    if (!balances.has(e.userId)) view.known.delete(e.userId);
  }
  for (const [userId, balance] of balances) view.known.set(userId, { balance, at });
}

/** A charge that will never be written (charge-writer.ts gave it up): ask the database next time. */
export function chargeAbandoned(logId: string, userId: string): void {
  view.pending.delete(logId);
  view.known.delete(userId);
}

/** Credits changed other than by this process's charges. */
export function forgetBalance(userId: string): void {
  view.known.delete(userId);
}

/** Every account (the invalidation listener may have missed messages). */
export function forgetAllBalances(): void {
  view.known.clear();
}

/**
 * The account's balance after `charges` (ids and amounts of this process's charges), or
 * undefined when this process knows no fresh balance for it.
 */
export function knownBalanceAfter(userId: string, charges: ReadonlyArray<{ logId: string; charge: bigint }>): bigint | undefined {
  const k = view.known.get(userId);
  if (k === undefined) return undefined;
  if (performance.now() - k.at > FRESH_MS) {
    view.known.delete(userId);
    return undefined;
  }
  let unwritten = 0n;
  for (const c of charges) if (view.pending.has(c.logId)) unwritten += c.charge;
  return k.balance - unwritten;
}
