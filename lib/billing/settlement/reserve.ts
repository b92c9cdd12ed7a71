// Reserve (SPEC §4): a request's worst case is taken from this process's hold on the account
// (holds.ts) and, for a key with budgets, from the key's budget hold (budget-holds.ts: in
// memory, or one Redis round trip when budgets are shared), before the upstream call. Two
// entry points for requests, each with one return type:
// - tryReserve: in memory, synchronous — the common case costs no round trip and no await
//   (both holds cover the whole worst case);
// - reserve: loads the key's spend and grows (or revalidates) the account's hold when it must;
//   when the balance or the budget cannot cover the worst case but covers `minimal`, reserves
//   what they have and says so (`capped`: the caller caps the output to it); below that, 402
//   (balance) or 403 (budget).
// Callers write `tryReserve(key, a) ?? await reserve(key, a, minimal)`, and end a reservation
// with settleReserved (settle.ts) or releaseReservation (it did not run).
// tryReserveCredits / reserveCredits are the account-only forms (tests, tools).
import { AppError } from "@/lib/errors";
import { formatCredits } from "@/lib/billing/money";
import { appUrl } from "@/lib/billing/stripe/config";
import {
  reserveFromHold, settleReservation, tryReserveFromHold, type Reservation as CreditReservation, type Settlement,
} from "@/lib/billing/settlement/holds";
import { InsufficientCredits, NoAccount } from "@/lib/billing/settlement/hold-lifecycle";
import {
  forgetKeyBudget, hasBudget, settleBudget, shrinkBudget, takeBudget, tryTakeBudget, type BudgetReservation, type BudgetedKey,
} from "@/lib/billing/settlement/budget-holds";

export type { CreditReservation, BudgetedKey };

/** Why a request's output was capped below its worst case (x-switchyard-output-capped). */
export type OutputCap = "balance" | "budget";

/** What a request reserved: from the account's hold and, for a key with budgets, its budget hold. */
export type Reservation = {
  readonly credit: CreditReservation;
  readonly budget: BudgetReservation | null;
  /** Reserved (units, markup included): the most the request may be charged. */
  readonly amount: bigint;
  /** Set when `amount` is below the worst case asked for: what ran short. */
  readonly capped: OutputCap | null;
};

/** `amount` reserved in memory from both holds, or null when reserve() must run first. */
export function tryReserve(key: BudgetedKey, amount: bigint): Reservation | null {
  if (!hasBudget(key)) {
    forgetKeyBudget(key.keyId);
    const credit = tryReserveFromHold(key.userId, amount);
    return credit && { credit, budget: null, amount, capped: null };
  }
  if (amount <= 0n) return { credit: tryReserveFromHold(key.userId, 0n)!, budget: null, amount, capped: null };
  const budget = tryTakeBudget(key, amount);
  if (!budget) return null;
  const credit = tryReserveFromHold(key.userId, amount);
  if (!credit) {
    settleBudget(budget, 0n);
    return null;
  }
  return { credit, budget, amount, capped: null };
}

/**
 * `full` reserved — or, when the key's budgets or the account's balance cannot cover it, what
 * they have left if that is at least `minimal` (then `capped` says which ran short). Rejects
 * with AppError budget_exhausted (403), insufficient_credits (402) or invalid_api_key (the
 * account is gone); a database failure rejects as it is.
 */
export async function reserve(key: BudgetedKey, full: bigint, minimal: bigint = full): Promise<Reservation> {
  let budget: BudgetReservation | null = null;
  let amount = full;
  let capped: OutputCap | null = null;
  if (full > 0n && hasBudget(key)) {
    budget = await takeBudget(key, full, minimal);
    if (budget.amount < full) {
      amount = budget.amount;
      capped = "budget";
    }
  } else if (!hasBudget(key)) {
    forgetKeyBudget(key.keyId);
  }
  let credit: CreditReservation;
  try {
    credit = await reserveFromHold(key.userId, amount, minimal < amount ? minimal : amount);
  } catch (err) {
    if (budget) settleBudget(budget, 0n);
    throw reservationError(err, full, minimal);
  }
  if (credit.amount < amount) {
    amount = credit.amount;
    capped = "balance";
    if (budget) budget = shrinkBudget(budget, amount);
  }
  return { credit, budget, amount, capped };
}

/**
 * Ends a reservation at the request's cost (0 = refund). A request is never charged more than
 * it reserved: a provider's usage above the reservation (tokenizer margins, image estimates)
 * is absorbed by the gateway and reported as `undercharged`, so neither the balance nor a
 * key's budget is ever overspent.
 */
export function settleReserved(r: Reservation, cost: bigint): Settlement {
  const over = cost > r.amount;
  const s = settleReservation(r.credit, over ? r.amount : cost);
  if (r.budget) settleBudget(r.budget, s.charged);
  // Within the reservation the hold's settlement is already the answer (no second object).
  return over ? { charged: s.charged, undercharged: cost - s.charged } : s;
}

/** Gives a reservation back whole (the request will not run). */
export function releaseReservation(r: Reservation): void {
  settleReserved(r, 0n);
}

/** `amount` reserved from the account's hold in memory, or null when the hold must grow first (reserveCredits). */
export function tryReserveCredits(userId: string, amount: bigint): CreditReservation | null {
  return tryReserveFromHold(userId, amount);
}

/**
 * `amount` reserved from the account's hold, growing it when it does not cover it. Rejects
 * with AppError insufficient_credits (402) or invalid_api_key (the account is gone).
 */
export async function reserveCredits(userId: string, amount: bigint): Promise<CreditReservation> {
  try {
    return await reserveFromHold(userId, amount);
  } catch (err) {
    throw reservationError(err, amount, amount);
  }
}

function reservationError(err: unknown, full: bigint, minimal: bigint): unknown {
  if (err instanceof InsufficientCredits) {
    const add = `Add credits at ${appUrl()}/dashboard/billing (or turn on auto top-up there)`;
    return new AppError("insufficient_credits", minimal < full
      ? `Insufficient credits: your balance cannot cover even a minimal answer (the prompt and 16 output tokens: up to ` +
        `${formatCredits(minimal, 4)} credits). ${add}.`
      : `Insufficient credits: this request may cost up to ${formatCredits(full, 4)} credits, more than your balance. ` +
        `${add}, or lower max_tokens.`);
  }
  if (err instanceof NoAccount) return new AppError("invalid_api_key", "The account for this key no longer exists.");
  return err;
}
