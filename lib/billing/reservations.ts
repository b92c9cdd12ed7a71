// Reserve → settle / refund for one API request (SPEC §4). The reservation is taken in memory
// from this process's hold on the account (credit-lease.ts); only growing that hold touches
// the database. Settlement is in memory too: the charge it returns is written with the
// request log, in the same statement (request-log.ts), so the ledger gets one `charge` row
// per billed request and nothing for a refunded one.
import { AppError } from "@/lib/errors";
import { formatCredits } from "@/lib/billing/money";
import { appUrl } from "@/lib/billing/stripe/config";
import { InsufficientCredits, NoAccount, reserve, settle, type CreditTicket, type Settlement } from "@/lib/billing/credit-lease";

export type { CreditTicket, Settlement };

/** The worst-case `amount`, reserved — synchronously when the hold covers it. */
export function reserveCredits(userId: string, amount: bigint): CreditTicket | Promise<CreditTicket> {
  const t = reserve(userId, amount);
  return t instanceof Promise ? t.catch((err: unknown) => Promise.reject(reservationError(err, amount))) : t;
}

function reservationError(err: unknown, amount: bigint): unknown {
  if (err instanceof InsufficientCredits) {
    return new AppError("insufficient_credits",
      `Insufficient credits: this request may cost up to ${formatCredits(amount, 4)} credits, more than your balance. ` +
        `Add credits at ${appUrl()}/dashboard/billing (or turn on auto top-up there), or lower max_tokens.`);
  }
  if (err instanceof NoAccount) return new AppError("invalid_api_key", "The account for this key no longer exists.");
  return err; // the database failed: the router answers 500 and logs it
}

/** Charges `cost` against the reservation; see credit-lease.ts `settle`. */
export function settleCharge(ticket: CreditTicket, cost: bigint): Settlement {
  return settle(ticket, cost);
}

/** Gives a failed request's whole reservation back. */
export function refundReservation(ticket: CreditTicket): void {
  settle(ticket, 0n);
}
