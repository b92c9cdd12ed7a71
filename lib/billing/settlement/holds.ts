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
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/shared-state";
import { newHolderIdentity, type HolderIdentity } from "@/lib/billing/settlement/holder-identity";
import { processHoldPeers, type HoldPeers } from "@/lib/billing/settlement/hold-peers";
import { newBook, pendingOn, type Book, type Hold, type Reservation, type Settlement } from "@/lib/billing/settlement/hold-book";

export type { Reservation, Settlement };
import {
  acquireHold, releaseHold, releaseOtherIncarnations, renewHolds, sweepExpiredHolds, HOLD_TTL_SECONDS,
} from "@/lib/sql/credit-holds";

/** A new hold covers this many reservations the size of the one that asked for it … */
const GROW_MULTIPLE = 64n;
/** … and at most this many (a busy account's hold doubles up to here). */
const GROW_CAP_MULTIPLE = 4096n;
const IDLE_RELEASE_MS = 3_000;
const TICK_MS = 1_000;
// Renewal is one UPDATE per process and sweeping one indexed DELETE, both in the background:
// running them every 10 / 15 s (was 20 / 60 s, TTL 120 s) costs nothing on the request path
// and brings a dead process's holds back within TTL + one sweep = 60 s.
const RENEW_EVERY_MS = 10_000;
const SWEEP_EVERY_MS = 15_000;
/**
 * Stop using a hold in memory well before another process may sweep it (HOLD_TTL): 25 s,
 * so one late or failed renewal does not yet send requests to revalidate, and 20 s of margin
 * for clock skew between this host and the database.
 */
const VALID_FOR_MS = (HOLD_TTL_SECONDS - 20) * 1_000;

const state = processSingleton<Book>("creditHolds",
  () => newBook(newHolderIdentity, (book) => processHoldPeers((userId) => giveBackUnused(book, userId))));

const NO_RESERVATION: Reservation = { hold: null, epoch: 0, amount: 0n };

function identity(book: Book = state): HolderIdentity {
  return (book.identity ??= book.newIdentity());
}

const holderOf = (book: Book) => identity(book).holder;
const peersOf = (book: Book) => (book.peers ??= book.newPeers(book));

/** This process's name on its credit_holds rows (`<instance>~<incarnation>`). */
export function holderId(): string {
  return holderOf(state);
}

export class InsufficientCredits extends Error {}
export class NoAccount extends Error {}

/**
 * Reserves `amount` from this process's hold on the account when the hold covers it and is
 * current: the common case, in memory. Null when the hold must grow or be revalidated first
 * (reserveFromHold).
 */
export function tryReserveFromHold(userId: string, amount: bigint): Reservation | null {
  return tryReserveIn(state, userId, amount);
}

function tryReserveIn(book: Book, userId: string, amount: bigint): Reservation | null {
  if (amount <= 0n) return NO_RESERVATION;
  const hold = book.holds.get(userId);
  if (hold && hold.remaining >= amount && Date.now() < hold.validUntil) return take(hold, amount);
  return null;
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

async function reserveIn(book: Book, userId: string, amount: bigint, minimal: bigint): Promise<Reservation> {
  if (amount <= 0n) return NO_RESERVATION;
  startTicking(book);
  peersOf(book); // listening from the first reservation on: a peer may ask us
  // Once the account could not cover `amount`: one more grow takes what it has free (at least
  // up to `minimal`), then this call takes what the hold has, or gives up.
  let partial = false;
  let grabbed = false;
  let asked = false;
  for (;;) {
    let hold = book.holds.get(userId);
    if (!hold) {
      hold = { book, userId, remaining: 0n, inflight: 0, lastUsed: Date.now(), validUntil: 0, epoch: 0, lastGrant: 0n, pending: null };
      book.holds.set(userId, hold);
    }
    // One round trip per account at a time; whoever waited looks again afterwards.
    if (hold.pending) {
      await hold.pending.catch(() => undefined);
      continue;
    }
    if (Date.now() >= hold.validUntil && (hold.remaining > 0n || hold.inflight > 0)) {
      await pendingOn(hold, revalidate(hold));
      continue;
    }
    if (hold.remaining >= amount) return take(hold, amount);
    if (grabbed) {
      if (hold.remaining >= minimal && hold.remaining > 0n) return take(hold, hold.remaining);
      throw new InsufficientCredits();
    }
    try {
      await pendingOn(hold, grow(hold, amount, partial ? minimal : amount, !partial));
      grabbed = partial;
    } catch (err) {
      if (!(err instanceof InsufficientCredits)) throw err;
      // Short: other processes may hold what this request needs without using it.
      if (!asked) {
        asked = true;
        if (await peersOf(book).askToRelease(userId)) continue;
      }
      if (partial || minimal >= amount) throw err;
      partial = true; // look again (another request may have grown the hold meanwhile)
    }
  }
}

function take(hold: Hold, amount: bigint): Reservation {
  hold.remaining -= amount;
  hold.inflight++;
  hold.lastUsed = Date.now();
  return { hold, epoch: hold.epoch, amount };
}


/**
 * Grows the hold towards `amount` × GROW_MULTIPLE; at least to `floor`, else InsufficientCredits.
 * `share`: no more than half of what is free beyond the floor (off for the last, partial grab).
 */
async function grow(hold: Hold, amount: bigint, floor: bigint, share: boolean): Promise<void> {
  const shortfall = floor > hold.remaining ? floor - hold.remaining : 0n;
  let want = amount * GROW_MULTIPLE;
  if (hold.lastGrant * 2n > want) want = hold.lastGrant * 2n;
  if (want > amount * GROW_CAP_MULTIPLE) want = amount * GROW_CAP_MULTIPLE;
  const r = await acquireHold(hold.userId, holderOf(hold.book), want, shortfall, share);
  if (r.status === "insufficient") throw new InsufficientCredits();
  if (r.status === "no_account") throw new NoAccount();
  hold.remaining += r.amount;
  hold.lastGrant = r.amount;
  hold.validUntil = Date.now() + VALID_FOR_MS;
}

/** The hold was not renewed in time (a frozen process?): keep it only if its row survived. */
async function revalidate(hold: Hold): Promise<void> {
  const alive = await renewHolds(holderOf(hold.book), [hold.userId]);
  if (!alive.has(hold.userId)) forget(hold);
  hold.validUntil = Date.now() + VALID_FOR_MS;
}

/** The database no longer holds anything for this account: drop what memory thought it had. */
function forget(hold: Hold): void {
  logger().warn({ userId: hold.userId, remaining: hold.remaining.toString(), inflight: hold.inflight }, "credit hold was swept");
  hold.epoch++;
  hold.remaining = 0n;
  hold.inflight = 0;
}

/**
 * Ends a reservation at the request's real cost (0 = refund): the unused part goes back to
 * the hold. A cost above the reservation is taken from the rest of the hold when it covers
 * it, else recorded as undercharged (the balance is never driven below zero).
 */
export function settleReservation(reservation: Reservation, cost: bigint): Settlement {
  const hold = reservation.hold;
  if (!hold) return { charged: 0n, undercharged: cost };
  if (reservation.epoch !== hold.epoch) return { charged: 0n, undercharged: cost };
  hold.inflight--;
  hold.lastUsed = Date.now();
  const back = hold.remaining + reservation.amount - cost;
  if (back >= 0n) {
    hold.remaining = back;
    return { charged: cost, undercharged: 0n };
  }
  hold.remaining = 0n;
  return { charged: cost + back, undercharged: -back };
}

/**
 * A settled charge that can never be written (charge-writer.ts gave its log row up): the
 * database still holds it for this process, so it goes back to the account now.
 */
export async function releaseUnwritableCharge(userId: string, charge: bigint): Promise<void> {
  await releaseHold(userId, holderId(), charge);
}

// ---- background: idle release, renewal, sweeping ----

function startTicking(book: Book): void {
  if (book.timer) return;
  book.timer = setInterval(() => tick(book), TICK_MS);
  book.timer.unref();
}

function tick(book: Book): void {
  const now = Date.now();
  for (const hold of book.holds.values()) {
    if (hold.inflight > 0 || hold.pending || now - hold.lastUsed < IDLE_RELEASE_MS) continue;
    if (hold.remaining > 0n) void pendingOn(hold, release(hold)).catch(() => undefined);
    else book.holds.delete(hold.userId);
  }
  if (now - book.lastRenew >= RENEW_EVERY_MS && book.holds.size > 0) {
    book.lastRenew = now;
    void renewAll(book).catch((err: unknown) => logger().error({ err: String(err) }, "credit hold renewal failed"));
  }
  if (now - book.lastSweep >= SWEEP_EVERY_MS) {
    book.lastSweep = now;
    void sweepExpiredHolds().catch((err: unknown) => logger().error({ err: String(err) }, "credit hold sweep failed"));
  }
}

async function release(hold: Hold): Promise<void> {
  const amount = hold.remaining;
  hold.remaining = 0n; // before the await: requests meanwhile grow the hold instead
  try {
    await releaseHold(hold.userId, holderOf(hold.book), amount);
  } catch (err) {
    hold.remaining += amount;
    logger().error({ userId: hold.userId, err: String(err) }, "credit hold release failed");
    throw err;
  }
}

/** A peer ran short on this account: give back what this process holds and has not reserved. */
async function giveBackUnused(book: Book, userId: string): Promise<void> {
  const hold = book.holds.get(userId);
  if (!hold || hold.pending || hold.remaining === 0n) return;
  await pendingOn(hold, release(hold)).catch(() => undefined);
}

async function renewAll(book: Book): Promise<void> {
  const startedAt = Date.now();
  const alive = await renewHolds(holderOf(book));
  for (const hold of book.holds.values()) {
    if (alive.has(hold.userId)) hold.validUntil = startedAt + VALID_FOR_MS;
    else if (hold.remaining > 0n || hold.inflight > 0) forget(hold);
  }
}

/**
 * Gives every idle hold back now (shutdown, after the charges are written; tests).
 * Holds with requests still in flight stay until they expire.
 */
export function releaseIdleHolds(): Promise<void> {
  return releaseIdleIn(state);
}

async function releaseIdleIn(book: Book): Promise<void> {
  for (const hold of [...book.holds.values()]) {
    while (hold.pending) await hold.pending.catch(() => undefined);
    if (hold.inflight === 0 && hold.remaining > 0n) await pendingOn(hold, release(hold)).catch(() => undefined);
    if (hold.inflight === 0 && hold.remaining === 0n) book.holds.delete(hold.userId);
  }
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
  const { instance, holder } = identity();
  startTicking(state);
  peersOf(state);
  state.lastSweep = Date.now();
  const released = await releaseOtherIncarnations(instance, holder);
  const expiredAccounts = await sweepExpiredHolds();
  if (released.holds > 0 || expiredAccounts > 0) {
    logger().info({ instance, holder, ...released, expiredAccounts }, "released the credit holds of a previous incarnation");
  }
  return { ...released, expiredAccounts };
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
