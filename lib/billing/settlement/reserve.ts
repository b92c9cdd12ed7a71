// Reserve (SPEC §4): a request's worst case is taken from this process's hold on the account
// (holds.ts) before the upstream call. Two entry points, each with one return type:
// - tryReserveCredits: in memory, synchronous — the common case costs no round trip and no
//   await (a reservation that the hold covers);
// - reserveCredits: grows (or revalidates) the hold first when it must; answers 402 when the
//   account cannot cover the amount.
// Callers write `tryReserveCredits(u, a) ?? await reserveCredits(u, a)`.
import { AppError } from "@/lib/errors";
import { formatCredits } from "@/lib/billing/money";
import { appUrl } from "@/lib/billing/stripe/config";
import {
  InsufficientCredits, NoAccount, reserveFromHold, tryReserveFromHold, type Reservation,
} from "@/lib/billing/settlement/holds";

export type { Reservation };

/** `amount` reserved in memory, or null when the hold must grow first (reserveCredits). */
export function tryReserveCredits(userId: string, amount: bigint): Reservation | null {
  return tryReserveFromHold(userId, amount);
}

/**
 * `amount` reserved, growing this process's hold when it does not cover it. Rejects with
 * AppError insufficient_credits (402) or invalid_api_key (the account is gone); a database
 * failure rejects as it is (the router answers 500 and logs it).
 */
export async function reserveCredits(userId: string, amount: bigint): Promise<Reservation> {
  try {
    return await reserveFromHold(userId, amount);
  } catch (err) {
    throw reservationError(err, amount);
  }
}

function reservationError(err: unknown, amount: bigint): unknown {
  if (err instanceof InsufficientCredits) {
    return new AppError("insufficient_credits",
      `Insufficient credits: this request may cost up to ${formatCredits(amount, 4)} credits, more than your balance. ` +
        `Add credits at ${appUrl()}/dashboard/billing (or turn on auto top-up there), or lower max_tokens.`);
  }
  if (err instanceof NoAccount) return new AppError("invalid_api_key", "The account for this key no longer exists.");
  return err;
}
