// The savings arithmetic of a recommendation, in exact BigInt units (lib/billing/money.ts):
// a group's logged tokens priced at each model's catalog price plus the markup (computeCost,
// then withMarkup — what settlement charges), and the difference projected to 30 days from the
// days the group has actually been logging (a group seen for 6 days of a 30-day window counts
// ×5, not ×1, or a new account's savings would read a fifth of what they are).
import { withMarkup } from "@/lib/billing/settlement/markup";
import { computeCost, type PriceSnapshot } from "@/lib/catalog";

const DAY_MS = 86_400_000;
export const MONTH_DAYS = 30;

export type TokenTotals = { inputTokens: number; outputTokens: number; cachedTokens: number };

/** What these tokens cost at `price`, markup included (units). */
export function pricedCost(price: PriceSnapshot, t: TokenTotals, markupBps: number): bigint {
  return withMarkup(computeCost(price, {
    prompt_tokens: t.inputTokens, completion_tokens: t.outputTokens, cached_tokens: Math.min(t.cachedTokens, t.inputTokens),
  }), markupBps);
}

/** Whole days the group has been logging: from its first request to now, at least 1, at most the window. */
export function loggedSpanDays(firstAt: Date, now: Date, windowDays: number): number {
  const days = Math.ceil((now.getTime() - firstAt.getTime()) / DAY_MS);
  return Math.min(windowDays, Math.max(1, days));
}

/** `units` over `spanDays` days, scaled to 30 days (truncated toward zero: never overstated). */
export function perMonth(units: bigint, spanDays: number): bigint {
  return (units * BigInt(MONTH_DAYS)) / BigInt(spanDays);
}

/** One model's share of a group: its tokens, and the price it is billed at (null: not in the catalog). */
export type ModelShare = TokenTotals & { model: string; price: PriceSnapshot | null; costUnits: bigint };

export type Savings = {
  /** The group's calls at their models' prices (a model without a price: what it was charged). */
  currentUnits: bigint;
  /** The same calls at the candidate's price. */
  candidateUnits: bigint;
  /** currentUnits − candidateUnits over the logged span (negative: the candidate costs more). */
  savingsUnits: bigint;
  monthlyCurrentUnits: bigint;
  monthlyCandidateUnits: bigint;
  monthlySavingsUnits: bigint;
};

export function groupSavings(shares: readonly ModelShare[], candidate: PriceSnapshot, markupBps: number, spanDays: number): Savings {
  let currentUnits = 0n;
  const total: TokenTotals = { inputTokens: 0, outputTokens: 0, cachedTokens: 0 };
  for (const s of shares) {
    currentUnits += s.price === null ? s.costUnits : pricedCost(s.price, s, markupBps);
    total.inputTokens += s.inputTokens;
    total.outputTokens += s.outputTokens;
    total.cachedTokens += s.cachedTokens;
  }
  const candidateUnits = pricedCost(candidate, total, markupBps);
  const monthlyCurrentUnits = perMonth(currentUnits, spanDays);
  const monthlyCandidateUnits = perMonth(candidateUnits, spanDays);
  return {
    currentUnits, candidateUnits, savingsUnits: currentUnits - candidateUnits,
    monthlyCurrentUnits, monthlyCandidateUnits, monthlySavingsUnits: perMonth(currentUnits - candidateUnits, spanDays),
  };
}
