// The database side of holds (holds.ts): every round trip that changes a hold's credit_holds
// row. A grow is one statement that refuses to take more than the account has free, so no
// process can ever admit more than the balance; what memory believes is checked against the
// row (renewal, revalidation) so a swept hold is never spent. Each round trip runs under the
// account's `pending` (hold-book.ts), so one account has one at a time.
//
// Holds are renewed while the process lives; an idle account's hold is given back after a
// few seconds, or at once when a peer ran short on it (fairness across processes, holds.ts).
import { logger } from "@/lib/observability/logger";
import { holderOf, pendingOn, type Book, type Hold } from "@/lib/billing/settlement/hold-book";
import { acquireHold, releaseHold, renewHolds, sweepExpiredHolds, HOLD_TTL_SECONDS } from "@/lib/sql/credit-holds";

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

export class InsufficientCredits extends Error {}
export class NoAccount extends Error {}

/**
 * Grows the hold towards `amount` × GROW_MULTIPLE; at least to `floor`, else InsufficientCredits.
 * `share`: no more than half of what is free beyond the floor (off for the last, partial grab).
 */
export async function grow(hold: Hold, amount: bigint, floor: bigint, share: boolean): Promise<void> {
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
export async function revalidate(hold: Hold): Promise<void> {
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

// ---- background: idle release, renewal, sweeping ----

export function startTicking(book: Book): void {
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
export async function giveBackUnused(book: Book, userId: string): Promise<void> {
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

/** releaseIdleHolds (holds.ts) for one book: holds with requests in flight stay. */
export async function releaseIdleIn(book: Book): Promise<void> {
  for (const hold of [...book.holds.values()]) {
    while (hold.pending) await hold.pending.catch(() => undefined);
    if (hold.inflight === 0 && hold.remaining > 0n) await pendingOn(hold, release(hold)).catch(() => undefined);
    if (hold.inflight === 0 && hold.remaining === 0n) book.holds.delete(hold.userId);
  }
}
