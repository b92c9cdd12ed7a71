// Credit leases: the request path reserves credits in memory, with no database round trip.
//
// Each process holds part of an account's balance in the database (a credit_holds row;
// users.held is their sum) and admits requests against that hold here. A request that does
// not fit grows the hold by one statement that refuses to take more than the account has
// free, so no process can ever admit more than the balance — the same guarantee as writing
// a reservation row per request, at a fraction of the cost. The exact charge of each
// request is written later, with its request log (request-log.ts): balance and held both
// go down by the charge in the same statement that inserts the log.
//
// Holds are renewed while the process lives; an idle account's hold is given back after a
// few seconds; a crashed process's holds go back to their accounts when the same server
// starts again (releasePredecessorHolds), else when they expire and are swept (≤ 60 s).
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/shared-state";
import { newHolderIdentity, type HolderIdentity } from "@/lib/billing/holder-identity";
import {
  acquireHold, releaseHold, releaseOtherIncarnations, renewHolds, sweepExpiredHolds, HOLD_TTL_SECONDS,
} from "@/lib/billing/credit-holds-sql";

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

type Lease = {
  readonly userId: string;
  /** Held in the database and not reserved by an in-flight request. */
  remaining: bigint;
  inflight: number;
  lastUsed: number;
  validUntil: number;
  /** Bumped when the hold was lost (swept): older tickets no longer belong to it. */
  epoch: number;
  lastGrant: bigint;
  /** The account's one database round trip in progress (grow, release, revalidate). */
  pending: Promise<unknown> | null;
};

/** What a request reserved: give it back to settleCharge / refundReservation. */
export type CreditTicket = { readonly lease: Lease | null; readonly epoch: number; readonly amount: bigint };

type State = {
  /** Chosen on first use (it reads the environment). */
  identity: HolderIdentity | null;
  leases: Map<string, Lease>;
  timer: NodeJS.Timeout | null;
  lastRenew: number;
  lastSweep: number;
};

const state = processSingleton<State>("creditLeases", () => ({
  identity: null,
  leases: new Map(),
  timer: null,
  lastRenew: 0,
  lastSweep: 0,
}));

const NO_TICKET: CreditTicket = { lease: null, epoch: 0, amount: 0n };

function identity(): HolderIdentity {
  return (state.identity ??= newHolderIdentity());
}

/** This process's name on its credit_holds rows (`<instance>~<incarnation>`). */
export function holderId(): string {
  return identity().holder;
}

export class InsufficientCredits extends Error {}
export class NoAccount extends Error {}

/**
 * Reserves `amount` for one request. Synchronous when this process's hold on the account
 * covers it (the common case); otherwise one statement grows the hold first. Rejects with
 * InsufficientCredits when the account cannot cover it, NoAccount when it is gone.
 */
export function reserve(userId: string, amount: bigint): CreditTicket | Promise<CreditTicket> {
  if (amount <= 0n) return NO_TICKET;
  const lease = state.leases.get(userId);
  if (lease && lease.remaining >= amount && Date.now() < lease.validUntil) return take(lease, amount);
  return reserveSlow(userId, amount);
}

function take(lease: Lease, amount: bigint): CreditTicket {
  lease.remaining -= amount;
  lease.inflight++;
  lease.lastUsed = Date.now();
  return { lease, epoch: lease.epoch, amount };
}

async function reserveSlow(userId: string, amount: bigint): Promise<CreditTicket> {
  startTicking();
  for (;;) {
    let lease = state.leases.get(userId);
    if (!lease) {
      lease = { userId, remaining: 0n, inflight: 0, lastUsed: Date.now(), validUntil: 0, epoch: 0, lastGrant: 0n, pending: null };
      state.leases.set(userId, lease);
    }
    // One round trip per account at a time; whoever waited looks again afterwards.
    if (lease.pending) {
      await lease.pending.catch(() => undefined);
      continue;
    }
    if (Date.now() >= lease.validUntil && (lease.remaining > 0n || lease.inflight > 0)) {
      await pendingOn(lease, revalidate(lease));
      continue;
    }
    if (lease.remaining >= amount) return take(lease, amount);
    await pendingOn(lease, grow(lease, amount));
  }
}

function pendingOn<T>(lease: Lease, work: Promise<T>): Promise<T> {
  const p = work.finally(() => {
    if (lease.pending === p) lease.pending = null;
  });
  lease.pending = p;
  return p;
}

async function grow(lease: Lease, amount: bigint): Promise<void> {
  const shortfall = amount - lease.remaining;
  let want = amount * GROW_MULTIPLE;
  if (lease.lastGrant * 2n > want) want = lease.lastGrant * 2n;
  if (want > amount * GROW_CAP_MULTIPLE) want = amount * GROW_CAP_MULTIPLE;
  const r = await acquireHold(lease.userId, holderId(), want, shortfall);
  if (r.status === "insufficient") throw new InsufficientCredits();
  if (r.status === "no_account") throw new NoAccount();
  lease.remaining += r.amount;
  lease.lastGrant = r.amount;
  lease.validUntil = Date.now() + VALID_FOR_MS;
}

/** The hold was not renewed in time (a frozen process?): keep it only if its row survived. */
async function revalidate(lease: Lease): Promise<void> {
  const alive = await renewHolds(holderId(), [lease.userId]);
  if (!alive.has(lease.userId)) forget(lease);
  lease.validUntil = Date.now() + VALID_FOR_MS;
}

/** The database no longer holds anything for this lease: drop what memory thought it had. */
function forget(lease: Lease): void {
  logger().warn({ userId: lease.userId, remaining: lease.remaining.toString(), inflight: lease.inflight }, "credit hold was swept");
  lease.epoch++;
  lease.remaining = 0n;
  lease.inflight = 0;
}

export type Settlement = { charged: bigint; undercharged: bigint };

/**
 * Ends a request's reservation at its real cost: the unused part goes back to the hold.
 * A cost above the reservation is taken from the rest of the hold when it covers it, else
 * recorded as undercharged (the balance is never driven below zero). `charged` is what the
 * request log must debit when it is written.
 */
export function settle(ticket: CreditTicket, cost: bigint): Settlement {
  const lease = ticket.lease;
  if (!lease) return { charged: 0n, undercharged: cost };
  if (ticket.epoch !== lease.epoch) return { charged: 0n, undercharged: cost };
  lease.inflight--;
  lease.lastUsed = Date.now();
  const back = lease.remaining + ticket.amount - cost;
  if (back >= 0n) {
    lease.remaining = back;
    return { charged: cost, undercharged: 0n };
  }
  lease.remaining = 0n;
  return { charged: cost + back, undercharged: -back };
}

// ---- background: idle release, renewal, sweeping ----

function startTicking(): void {
  if (state.timer) return;
  state.timer = setInterval(tick, TICK_MS);
  state.timer.unref();
}

function tick(): void {
  const now = Date.now();
  for (const lease of state.leases.values()) {
    if (lease.inflight > 0 || lease.pending || now - lease.lastUsed < IDLE_RELEASE_MS) continue;
    if (lease.remaining > 0n) void pendingOn(lease, release(lease)).catch(() => undefined);
    else state.leases.delete(lease.userId);
  }
  if (now - state.lastRenew >= RENEW_EVERY_MS && state.leases.size > 0) {
    state.lastRenew = now;
    void renewAll().catch((err: unknown) => logger().error({ err: String(err) }, "credit hold renewal failed"));
  }
  if (now - state.lastSweep >= SWEEP_EVERY_MS) {
    state.lastSweep = now;
    void sweepExpiredHolds().catch((err: unknown) => logger().error({ err: String(err) }, "credit hold sweep failed"));
  }
}

async function release(lease: Lease): Promise<void> {
  const amount = lease.remaining;
  lease.remaining = 0n; // before the await: requests meanwhile grow the hold instead
  try {
    await releaseHold(lease.userId, holderId(), amount);
  } catch (err) {
    lease.remaining += amount;
    logger().error({ userId: lease.userId, err: String(err) }, "credit hold release failed");
    throw err;
  }
}

async function renewAll(): Promise<void> {
  const startedAt = Date.now();
  const alive = await renewHolds(holderId());
  for (const lease of state.leases.values()) {
    if (alive.has(lease.userId)) lease.validUntil = startedAt + VALID_FOR_MS;
    else if (lease.remaining > 0n || lease.inflight > 0) forget(lease);
  }
}

/**
 * Gives every idle hold back now (shutdown, after the request logs are flushed; tests).
 * Holds with requests still in flight stay until they expire.
 */
export async function releaseIdleHolds(): Promise<void> {
  for (const lease of [...state.leases.values()]) {
    while (lease.pending) await lease.pending.catch(() => undefined);
    if (lease.inflight === 0 && lease.remaining > 0n) await pendingOn(lease, release(lease)).catch(() => undefined);
    if (lease.inflight === 0 && lease.remaining === 0n) state.leases.delete(lease.userId);
  }
}

/**
 * Start-up, once this process serves on its port (server.ts, in the listen callback; the crash
 * test's child): owning the port proves every other incarnation of this instance is dead, so
 * their holds go back to their accounts now instead of after HOLD_TTL and a sweep. Also sweeps
 * whatever else has expired and starts the background renewal and sweeping, so a process
 * that never takes a hold still sweeps for the dead. Never call it before the port is bound:
 * a second server failing to bind would otherwise take a live one's holds.
 */
export async function releasePredecessorHolds(): Promise<{ holds: number; accounts: number; expiredAccounts: number }> {
  const { instance, holder } = identity();
  startTicking();
  state.lastSweep = Date.now();
  const released = await releaseOtherIncarnations(instance, holder);
  const expiredAccounts = await sweepExpiredHolds();
  if (released.holds > 0 || expiredAccounts > 0) {
    logger().info({ instance, holder, ...released, expiredAccounts }, "released the credit holds of a previous incarnation");
  }
  return { ...released, expiredAccounts };
}
