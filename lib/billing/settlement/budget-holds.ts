// Key budgets as holds (SPEC §4, issue #20.4): a key's credit budgets per UTC day / month /
// in total are checked and taken next to the account's credit hold (holds.ts).
//
// Without Redis, per key with a budget, this process keeps its spend in the current UTC day and
// month and in all (`spent*`, loaded once from the daily rollups — Σ charges of the key's
// request logs — then kept current by settlement) and what its in-flight requests have reserved
// (`held*`), with no await once the spend is loaded. A reservation takes from the tightest
// budget's `budget − spent − held`; settlement moves the reservation's part out of `held` and the
// charge into `spent`. A request counts in the windows of its reservation (its start): settled
// after midnight, it still counts in yesterday's day (gone) and in this month only if the month
// did not roll over too. The windows roll in UTC.
//
// With REDIS_URL the same counters live in Redis, shared by every process and instance
// (budget-redis.ts: one round trip per request of a budgeted key). When Redis is down or a call
// fails, that request is counted in this process as above (fail open, counted): see
// docs/credit-holds.md ("Key budgets").
import { processSingleton } from "@/lib/shared-state";
import { countFailOpen, redisLink, type RedisLink } from "@/lib/redis";
import { logger } from "@/lib/observability/logger";
import { keySpendSince, type KeySpend } from "@/lib/sql/api-keys";
import { chargeBacklog, flushCharges } from "@/lib/billing/settlement/charge-writer";
import { SharedBudgets, type SharedBudgetState, type SharedReservation } from "@/lib/billing/settlement/budget-redis";
import {
  budgetExhausted, dayStart, monthStart, tighter, utcDay, utcMonth, type BudgetLeft, type BudgetedKey,
} from "@/lib/billing/settlement/budget-window";

export { budgetResetsAt, hasBudget, utcDay, utcMonth } from "@/lib/billing/settlement/budget-window";
export type { BudgetLeft, BudgetName, BudgetedKey } from "@/lib/billing/settlement/budget-window";
export type { SharedReservation, SharedBudgetState } from "@/lib/billing/settlement/budget-redis";

/** An idle key's spend is forgotten (and read again on its next request) after this long. */
const IDLE_FORGET_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 60_000;

/** A reservation counted in this process; `mirror` adds its charge to Redis's count (fail-open). */
export type LocalReservation = {
  readonly kind: "local";
  readonly hold: KeyBudgetHold;
  readonly day: number;
  readonly month: number;
  readonly amount: bigint;
  readonly mirror?: { readonly shared: SharedBudgets; readonly keyId: string };
};

/** What one request reserved from its key's budgets; end it with settleBudget. */
export type BudgetReservation = LocalReservation | SharedReservation;

/** One key's spend and reservations, as this process counts them. */
export class KeyBudgetHold {
  day: number;
  month: number;
  spentDay: bigint;
  spentMonth: bigint;
  spentTotal: bigint;
  heldDay = 0n;
  heldMonth = 0n;
  heldTotal = 0n;
  inflight = 0;
  lastUsed: number;

  constructor(now: number, spent: KeySpend) {
    this.day = utcDay(now);
    this.month = utcMonth(now);
    this.spentDay = spent.today;
    this.spentMonth = spent.month;
    this.spentTotal = spent.total;
    this.lastUsed = now;
  }

  /** Starts a new UTC day / month when `now` is past the current one. */
  roll(now: number): void {
    const day = utcDay(now);
    if (day === this.day) return;
    this.day = day;
    this.spentDay = 0n;
    this.heldDay = 0n; // yesterday's in-flight requests count in yesterday
    const month = utcMonth(now);
    if (month === this.month) return;
    this.month = month;
    this.spentMonth = 0n;
    this.heldMonth = 0n;
  }

  /** The tightest budget's remainder (call roll first); null when the key has no budget. */
  left(key: BudgetedKey): BudgetLeft | null {
    let best = tighter(null, key.budgetDaily, this.spentDay + this.heldDay, "daily");
    best = tighter(best, key.budgetMonthly, this.spentMonth + this.heldMonth, "monthly");
    return tighter(best, key.budgetTotal, this.spentTotal + this.heldTotal, "total");
  }

  take(amount: bigint, now: number): LocalReservation {
    this.heldDay += amount;
    this.heldMonth += amount;
    this.heldTotal += amount;
    this.inflight++;
    this.lastUsed = now;
    return { kind: "local", hold: this, day: this.day, month: this.month, amount };
  }

  /** Ends a reservation at `charge` (≤ its amount: reserve.ts clamps it). */
  settle(r: LocalReservation, charge: bigint): void {
    this.inflight--;
    this.heldTotal -= r.amount;
    this.spentTotal += charge;
    if (r.month !== this.month) return;
    this.heldMonth -= r.amount;
    this.spentMonth += charge;
    if (r.day !== this.day) return;
    this.heldDay -= r.amount;
    this.spentDay += charge;
  }

  /** Gives back the part of a reservation above `amount` (the balance covered less). */
  shrink(r: LocalReservation, amount: bigint): LocalReservation {
    const back = r.amount - amount;
    this.heldDay -= back;
    this.heldMonth -= back;
    this.heldTotal -= back;
    return Object.assign({}, r, { amount });
  }
}

const clock = processSingleton<{ now: () => number }>("keyBudgetClock", () => ({ now: () => Date.now() }));

/** Test hook: a clock for the UTC windows (null = Date.now). */
export function setBudgetClockForTests(now: (() => number) | null): void {
  clock.now = now ?? (() => Date.now());
}

/** A process's key budgets: in Redis when its link is configured and up, else in memory. */
export class BudgetHolder {
  private readonly keys = new Map<string, KeyBudgetHold>();
  private readonly loading = new Map<string, Promise<KeyBudgetHold>>();
  private lastSweep = 0;
  private shared: SharedBudgets | null = null;

  /** `leaseMs`: how long a reservation in Redis outlives a dead process (tests shorten it). */
  constructor(private readonly link: () => RedisLink | null, private readonly leaseMs?: number) {}

  private sharedOf(link: RedisLink): SharedBudgets {
    if (this.shared?.link !== link) this.shared = new SharedBudgets(link, this.leaseMs);
    return this.shared;
  }

  /**
   * `amount` taken from the key's budgets in memory, or null when take() must run: the spend is
   * not loaded yet, the budgets do not cover all of it, or the budget is shared (Redis up).
   */
  tryTake(key: BudgetedKey, amount: bigint): BudgetReservation | null {
    const link = this.link();
    if (link?.up === true) return null;
    const hold = this.keys.get(key.keyId);
    if (!hold) return null;
    const now = clock.now();
    hold.roll(now);
    const left = hold.left(key);
    if (left === null || left.amount < amount) return null;
    if (link) countFailOpen();
    return this.mirrored(hold.take(amount, now), link, key.keyId);
  }

  /**
   * Takes `full` from the key's budgets, or what they have left when that is at least `minimal`
   * (the caller caps the output to it). Below that: AppError budget_exhausted (403), naming the
   * budget and when it resets.
   */
  async take(key: BudgetedKey, full: bigint, minimal: bigint): Promise<BudgetReservation> {
    const link = this.link();
    if (link?.up === true) {
      const now = clock.now();
      let r;
      try {
        r = await this.sharedOf(link).take(key, full, minimal, utcDay(now), utcMonth(now));
      } catch (err) {
        logger().debug({ err: String(err) }, "shared key budget unavailable: counting in this process");
      }
      if (r && "taken" in r) return r.taken;
      if (r) throw budgetExhausted(r.exhausted, minimal, now);
    }
    if (link) countFailOpen();
    const hold = this.keys.get(key.keyId) ?? (await this.load(key));
    const now = clock.now();
    hold.roll(now);
    const left = hold.left(key);
    if (left === null || left.amount >= full) return this.mirrored(hold.take(full, now), link, key.keyId);
    if (left.amount >= minimal && left.amount > 0n) return this.mirrored(hold.take(left.amount, now), link, key.keyId);
    throw budgetExhausted(left, minimal, now);
  }

  /** A key without a budget now: forget its spend (read again if a budget returns). */
  forget(keyId: string): void {
    if (this.keys.size !== 0) this.keys.delete(keyId);
  }

  reset(): void {
    this.keys.clear();
  }

  /** The key's state in Redis (tests, reconciliation); null without Redis or state. */
  async sharedState(keyId: string): Promise<SharedBudgetState | null> {
    const link = this.link();
    return link ? this.sharedOf(link).state(keyId) : null;
  }

  private mirrored(r: LocalReservation, link: RedisLink | null, keyId: string): LocalReservation {
    if (!link) return r;
    // Not `{ ...r, mirror }`: a spread literal that gains a key is V8's slow path (~1 µs).
    return Object.assign({}, r, { mirror: { shared: this.sharedOf(link), keyId } });
  }

  private load(key: BudgetedKey): Promise<KeyBudgetHold> {
    let p = this.loading.get(key.keyId);
    if (p) return p;
    p = (async () => {
      this.sweepIdle();
      // Charges of this key settled here but still queued would be missing from the rollups.
      await flushCharges();
      const now = clock.now();
      const spent = await keySpendSince(key.userId, key.keyId, dayStart(utcDay(now)), monthStart(utcMonth(now)));
      const existing = this.keys.get(key.keyId); // another path loaded it meanwhile
      if (existing) return existing;
      const hold = new KeyBudgetHold(now, spent);
      this.keys.set(key.keyId, hold);
      return hold;
    })().finally(() => this.loading.delete(key.keyId));
    this.loading.set(key.keyId, p);
    return p;
  }

  /** Idle keys are read again next time: bounds memory, and picks up other processes' spend. */
  private sweepIdle(): void {
    const now = clock.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    if (chargeBacklog().rows !== 0) return; // their charges may not be written yet
    for (const [keyId, hold] of this.keys) {
      if (hold.inflight === 0 && now - hold.lastUsed > IDLE_FORGET_MS) this.keys.delete(keyId);
    }
  }
}

const holder = processSingleton<BudgetHolder>("keyBudgetHolds", () => new BudgetHolder(redisLink));

/** Test hook: forget every key's spend (this process's). */
export function resetBudgetHoldsForTests(): void {
  holder.reset();
}

/** See BudgetHolder.tryTake. */
export function tryTakeBudget(key: BudgetedKey, amount: bigint): BudgetReservation | null {
  return holder.tryTake(key, amount);
}

/** See BudgetHolder.take. */
export function takeBudget(key: BudgetedKey, full: bigint, minimal: bigint): Promise<BudgetReservation> {
  return holder.take(key, full, minimal);
}

/** Ends a reservation at `charge` (≤ its amount). */
export function settleBudget(r: BudgetReservation, charge: bigint): void {
  if (r.kind === "shared") {
    r.owner.settle(r, charge);
    return;
  }
  r.hold.settle(r, charge);
  r.mirror?.shared.addSpend(r.mirror.keyId, charge, r.day, r.month);
}

/** Gives back the part of a reservation above `amount` (the balance covered less). */
export function shrinkBudget(r: BudgetReservation, amount: bigint): BudgetReservation {
  return r.kind === "shared" ? r.owner.shrink(r, amount) : r.hold.shrink(r, amount);
}

/**
 * A request of a key that has no budget now: its charge is not counted here, so a spend loaded
 * earlier (the key had a budget) would go stale — forget it; it is read again if a budget returns.
 * (In Redis the state records the budgets it was seeded for: changed budgets re-read the spend.)
 */
export function forgetKeyBudget(keyId: string): void {
  holder.forget(keyId);
}
