// The UTC windows of key budgets and what a budget has left, shared by the in-process holds
// (budget-holds.ts) and the Redis counter (budget-redis.ts): the same arithmetic and the same
// 403 wherever the budget is counted.
import { AppError } from "@/lib/errors";
import { formatCredits } from "@/lib/billing/money";

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

export const utcDay = (now: number): number => Math.floor(now / DAY_MS);
export function utcMonth(now: number): number {
  const d = new Date(now);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
export const dayStart = (day: number): number => day * DAY_MS;
export const monthStart = (month: number): number => Date.UTC(Math.floor(month / 12), month % 12, 1);

export function hasBudget(key: BudgetedKey): boolean {
  return key.budgetDaily !== null || key.budgetMonthly !== null || key.budgetTotal !== null;
}

/** What the tightest budget has left (free of spend and of in-flight reservations). */
export type BudgetLeft = { amount: bigint; budget: BudgetName; limit: bigint };

export function tighter(best: BudgetLeft | null, limit: bigint | null, used: bigint, budget: BudgetName): BudgetLeft | null {
  if (limit === null) return best;
  const amount = limit > used ? limit - used : 0n;
  return best === null || amount < best.amount ? { amount, budget, limit } : best;
}

/** When a budget's window starts again (null: the total budget never resets). */
export function budgetResetsAt(budget: BudgetName, now: number): Date | null {
  if (budget === "daily") return new Date(dayStart(utcDay(now) + 1));
  if (budget === "monthly") return new Date(monthStart(utcMonth(now) + 1));
  return null;
}

export function budgetExhausted(left: BudgetLeft, minimal: bigint, now: number): AppError {
  const resets = budgetResetsAt(left.budget, now);
  const when = resets ? `It resets at ${resets.toISOString()} (UTC).` : "The total budget does not reset; raise it on the API keys page.";
  return new AppError("budget_exhausted",
    `This key's ${left.budget} budget of ${formatCredits(left.limit, 4)} credits is spent: ${formatCredits(left.amount, 4)} credits ` +
      `are left, less than a minimal answer (the prompt and 16 output tokens: up to ${formatCredits(minimal, 4)} credits). ${when}`);
}
