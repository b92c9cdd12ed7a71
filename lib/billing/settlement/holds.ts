// Holds: the request path reserves credits in memory, with no database round trip.
//
// Vocabulary (docs/credit-holds.md): a *hold* is this process's allowance on an account's
// balance (a credit_holds row; users.held is their sum); a *reservation* is one request's
// worst case, taken from the hold in memory; a *charge* is the settled cost, written later
// by the charge writer (charge-writer.ts) in the same statement as the request's log:
// balance and held both go down by the charge.
//
// A reservation that the hold does not cover grows the hold first, by one statement that
// refuses to take more than the account has free, so no process can ever admit more than the
// balance — the same guarantee as writing a row per request, at a fraction of the cost.
// Holds are renewed while the process lives; an idle account's hold is given back after a
// few seconds; a crashed process's holds go back to their accounts when the same server
// starts again (releasePredecessorHolds), else when they expire and are swept (≤ 60 s).
//
// Fair across processes: a grow takes at most the reservation plus half of what the account
// has free beyond it, so a second process always finds its own reservation in what is left.
// When an account runs short, the process asks its peers to give their unused holds back
// (hold-peers.ts: Redis pub/sub, when configured) and tries again before answering 402.
//
// This file is the process's one book of holds and the entry points the rest of billing
// calls; reservations are taken in hold-reservations.ts, the rows changed in hold-lifecycle.ts.
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/shared-state";
import { newHolderIdentity, type HolderIdentity } from "@/lib/billing/settlement/holder-identity";
import { processHoldPeers, type HoldPeers } from "@/lib/billing/settlement/hold-peers";
import { holderOf, identityOf, newBook, peersOf, type Book, type Reservation, type Settlement } from "@/lib/billing/settlement/hold-book";
import { giveBackUnused, releaseIdleIn, startTicking } from "@/lib/billing/settlement/hold-lifecycle";
import { reserveIn, tryReserveIn } from "@/lib/billing/settlement/hold-reservations";
import { releaseHold, releaseOtherIncarnations, sweepExpiredHolds } from "@/lib/sql/credit-holds";

export type { Reservation, Settlement };
export { settleReservation } from "@/lib/billing/settlement/hold-reservations";

const state = processSingleton<Book>("creditHolds",
  () => newBook(newHolderIdentity, (book) => processHoldPeers((userId) => giveBackUnused(book, userId))));

/** This process's name on its credit_holds rows (`<instance>~<incarnation>`). */
export function holderId(): string {
  return holderOf(state);
}

/**
 * Reserves `amount` from this process's hold on the account when the hold covers it and is
 * current: the common case, in memory. Null when the hold must grow or be revalidated first
 * (reserveFromHold).
 */
export function tryReserveFromHold(userId: string, amount: bigint): Reservation | null {
  return tryReserveIn(state, userId, amount);
}

/**
 * Reserves `amount`, growing the hold by one statement when it does not cover it. When the
 * account cannot cover `amount` but covers `minimal`, reserves what it has (at most `amount`;
 * the caller caps the request's output to it: SPEC §4). Rejects with InsufficientCredits when
 * the account cannot cover `minimal`, NoAccount when it is gone.
 */
export function reserveFromHold(userId: string, amount: bigint, minimal: bigint = amount): Promise<Reservation> {
  return reserveIn(state, userId, amount, minimal);
}

/**
 * A settled charge that can never be written (charge-writer.ts gave its log row up): the
 * database still holds it for this process, so it goes back to the account now.
 */
export async function releaseUnwritableCharge(userId: string, charge: bigint): Promise<void> {
  await releaseHold(userId, holderId(), charge);
}

/**
 * Gives every idle hold back now (shutdown, after the charges are written; tests).
 * Holds with requests still in flight stay until they expire.
 */
export function releaseIdleHolds(): Promise<void> {
  return releaseIdleIn(state);
}

/**
 * Start-up, once this process serves on its port (an API worker's listen callback, the Next
 * process when the primary says the port is bound: lib/server; the crash
 * test's child): owning the port proves every other incarnation of this instance is dead, so
 * their holds go back to their accounts now instead of after HOLD_TTL and a sweep. Also sweeps
 * whatever else has expired and starts the background renewal and sweeping, so a process
 * that never takes a hold still sweeps for the dead. Never call it before the port is bound:
 * a second server failing to bind would otherwise take a live one's holds.
 */
export async function releasePredecessorHolds(): Promise<{ holds: number; accounts: number; expiredAccounts: number }> {
  const { instance, holder } = identityOf(state);
  startTicking(state);
  peersOf(state);
  state.lastSweep = Date.now();
  const released = await releaseOtherIncarnations(instance, holder);
  const expiredAccounts = await sweepExpiredHolds();
  if (released.holds > 0 || expiredAccounts > 0) {
    logger().info({ instance, holder, ...released, expiredAccounts }, "released the credit holds of a previous incarnation");
  }
  return Object.assign({}, released, { expiredAccounts });
}

/**
 * Tests: a second set of holds in this process, standing for another process (its own holder
 * name on credit_holds rows, its own memory), whose peers are `peers`.
 */
export function holdBookForTests(holder: HolderIdentity, peers: (release: (userId: string) => Promise<void>) => HoldPeers) {
  const book = newBook(() => holder, (b) => peers((userId) => giveBackUnused(b, userId)));
  return {
    holder: holder.holder,
    tryReserve: (userId: string, amount: bigint) => tryReserveIn(book, userId, amount),
    reserve: (userId: string, amount: bigint, minimal: bigint = amount) => reserveIn(book, userId, amount, minimal),
    releaseIdle: () => releaseIdleIn(book),
    stop: () => {
      if (book.timer) clearInterval(book.timer);
      book.peers?.close();
    },
  };
}
