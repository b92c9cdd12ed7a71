// Key budgets as holds (SPEC §4, issue #20.4): a key's credit budgets per UTC day / month /
// in total are checked and taken in memory next to the account's credit hold (holds.ts), with
// no await once the key's spend is loaded.
//
// Per key with a budget, this process keeps its spend in the current UTC day and month and in
// all (`spent*`, loaded once from the daily rollups — Σ charges of the key's request logs — then
// kept current by settlement) and what its in-flight requests have reserved (`held*`). A
// reservation takes from the tightest budget's `budget − spent − held`; settlement moves the
// reservation's part out of `held` and the charge into `spent`. A request counts in the windows
// of its reservation (its start): settled after midnight, it still counts in yesterday's day
// (gone) and in this month only if the month did not roll over too. The windows roll in UTC.
//
// Exact within one process; across processes see docs/credit-holds.md ("Key budgets").
import { AppError } from "@/lib/errors";
import { formatCredits } from "@/lib/billing/money";
import { processSingleton } from "@/lib/shared-state";
import { keySpendSince, type KeySpend } from "@/lib/sql/api-keys";
import { chargeBacklog, flushCharges } from "@/lib/billing/settlement/charge-writer";

/** What a key's budget hold needs of the cached key (lib/api-keys/key-cache.ts). */
export type BudgetedKey = {
  readonly keyId: string;
  readonly userId: string;
  readonly budgetDaily: bigint | null;
  readonly budgetMonthly: bigint | null;
  readonly budgetTotal: bigint | null;
};

export type BudgetName = "daily" | "monthly" | "total";

const DAY_MS = 86_400_000;
/** An idle key's spend is forgotten (and read again on its next request) after this long. */
const IDLE_FORGET_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 60_000;

export const utcDay = (now: number): number => Math.floor(now / DAY_MS);
export function utcMonth(now: number): number {
  const d = new Date(now);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
const dayStart = (day: number) => day * DAY_MS;
const monthStart = (month: number) => Date.UTC(Math.floor(month / 12), month % 12, 1);

export function hasBudget(key: BudgetedKey): boolean {
  return key.budgetDaily !== null || key.budgetMonthly !== null || key.budgetTotal !== null;
}

/** What the tightest budget has left (free of spend and of in-flight reservations). */
export type BudgetLeft = { amount: bigint; budget: BudgetName; limit: bigint };

function tighter(best: BudgetLeft | null, limit: bigint | null, used: bigint, budget: BudgetName): BudgetLeft | null {
  if (limit === null) return best;
  const amount = limit > used ? limit - used : 0n;
  return best === null || amount < best.amount ? { amount, budget, limit } : best;
}

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

  take(amount: bigint, now: number): BudgetReservation {
    this.heldDay += amount;
    this.heldMonth += amount;
    this.heldTotal += amount;
    this.inflight++;
    this.lastUsed = now;
    return { hold: this, day: this.day, month: this.month, amount };
  }

  /** Ends a reservation at `charge` (≤ its amount: reserve.ts clamps it). */
  settle(r: BudgetReservation, charge: bigint): void {
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
  shrink(r: BudgetReservation, amount: bigint): BudgetReservation {
    const back = r.amount - amount;
    this.heldDay -= back;
    this.heldMonth -= back;
    this.heldTotal -= back;
    return { ...r, amount };
  }
}

/** What one request reserved from its key's budgets; end it with settleBudget. */
export type BudgetReservation = { readonly hold: KeyBudgetHold; readonly day: number; readonly month: number; readonly amount: bigint };

type State = {
  keys: Map<string, KeyBudgetHold>;
  loading: Map<string, Promise<KeyBudgetHold>>;
  lastSweep: number;
  now: () => number;
};

const state = processSingleton<State>("keyBudgetHolds", () => ({
  keys: new Map(), loading: new Map(), lastSweep: 0, now: () => Date.now(),
}));

/** Test hook: a clock for the UTC windows (null = Date.now). */
export function setBudgetClockForTests(now: (() => number) | null): void {
  state.now = now ?? (() => Date.now());
}

/** Test hook: forget every key's spend. */
export function resetBudgetHoldsForTests(): void {
  state.keys.clear();
}

/**
 * `amount` taken from the key's budgets in memory, or null when its spend is not loaded yet or
 * the budgets do not cover all of it (takeBudget then loads, caps or refuses).
 */
export function tryTakeBudget(key: BudgetedKey, amount: bigint): BudgetReservation | null {
  const hold = state.keys.get(key.keyId);
  if (!hold) return null;
  const now = state.now();
  hold.roll(now);
  const left = hold.left(key);
  if (left === null || left.amount < amount) return null;
  return hold.take(amount, now);
}

/**
 * Takes `full` from the key's budgets, or what they have left when that is at least `minimal`
 * (the caller caps the output to it). Below that: AppError budget_exhausted (403), naming the
 * budget and when it resets.
 */
export async function takeBudget(key: BudgetedKey, full: bigint, minimal: bigint): Promise<BudgetReservation> {
  const hold = state.keys.get(key.keyId) ?? (await load(key));
  const now = state.now();
  hold.roll(now);
  const left = hold.left(key);
  if (left === null || left.amount >= full) return hold.take(full, now);
  if (left.amount >= minimal && left.amount > 0n) return hold.take(left.amount, now);
  throw budgetExhausted(left, minimal, now);
}

export function settleBudget(r: BudgetReservation, charge: bigint): void {
  r.hold.settle(r, charge);
}

/**
 * A request of a key that has no budget now: its charge is not counted here, so a spend loaded
 * earlier (the key had a budget) would go stale — forget it; it is read again if a budget returns.
 */
export function forgetKeyBudget(keyId: string): void {
  if (state.keys.size !== 0) state.keys.delete(keyId);
}

function load(key: BudgetedKey): Promise<KeyBudgetHold> {
  let p = state.loading.get(key.keyId);
  if (p) return p;
  p = (async () => {
    sweepIdle();
    // Charges of this key settled here but still queued would be missing from the rollups.
    await flushCharges();
    const now = state.now();
    const spent = await keySpendSince(key.userId, key.keyId, dayStart(utcDay(now)), monthStart(utcMonth(now)));
    const existing = state.keys.get(key.keyId); // another path loaded it meanwhile
    if (existing) return existing;
    const hold = new KeyBudgetHold(now, spent);
    state.keys.set(key.keyId, hold);
    return hold;
  })().finally(() => state.loading.delete(key.keyId));
  state.loading.set(key.keyId, p);
  return p;
}

/** Idle keys are read again next time: bounds memory, and picks up other processes' spend. */
function sweepIdle(): void {
  const now = state.now();
  if (now - state.lastSweep < SWEEP_EVERY_MS) return;
  state.lastSweep = now;
  if (chargeBacklog().rows !== 0) return; // their charges may not be written yet
  for (const [keyId, hold] of state.keys) {
    if (hold.inflight === 0 && now - hold.lastUsed > IDLE_FORGET_MS) state.keys.delete(keyId);
  }
}

/** When a budget's window starts again (null: the total budget never resets). */
export function budgetResetsAt(budget: BudgetName, now: number): Date | null {
  if (budget === "daily") return new Date(dayStart(utcDay(now) + 1));
  if (budget === "monthly") return new Date(monthStart(utcMonth(now) + 1));
  return null;
}

function budgetExhausted(left: BudgetLeft, minimal: bigint, now: number): AppError {
  const resets = budgetResetsAt(left.budget, now);
  const when = resets ? `It resets at ${resets.toISOString()} (UTC).` : "The total budget does not reset; raise it on the API keys page.";
  return new AppError("budget_exhausted",
    `This key's ${left.budget} budget of ${formatCredits(left.limit, 4)} credits is spent: ${formatCredits(left.amount, 4)} credits ` +
      `are left, less than a minimal answer (the prompt and 16 output tokens: up to ${formatCredits(minimal, 4)} credits). ${when}`);
}
