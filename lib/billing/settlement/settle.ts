// Settle (SPEC §4): after the response, a finished request comes here from the gateway. The
// charge is the exact catalog cost of what it used plus the markup (0 for a request that
// delivered nothing — a full refund — and for one on the user's own provider key), at most
// what was reserved; it is settled against the reservation in memory (account and key budget), and the request's log is queued with the charge
// for the charge writer, which writes both in one statement.
import { computeCost, type PriceSnapshot, type TokenUsage } from "@/lib/catalog/pricing";
import { logger } from "@/lib/observability/logger";
import type { RequestLogRow } from "@/lib/observability/request-log";
import type { Settlement } from "@/lib/billing/settlement/holds";
import { settleReserved, type Reservation } from "@/lib/billing/settlement/reserve";
import { countUndercharged } from "@/lib/observability/metrics";
import { enqueueCharge } from "@/lib/billing/settlement/charge-writer";
import { billedPrice, markupBps, withMarkup } from "@/lib/billing/settlement/markup";

export type { Settlement };

export type FinishedRequest = {
  reservation: Reservation;
  /** The price of the model that answered (or was last tried). */
  price: PriceSnapshot;
  /** Tokens to bill; null when nothing was delivered: the whole reservation goes back. */
  usage: TokenUsage | null;
  /** Sent on the user's own provider key (BYOK): the provider bills them, we charge nothing. */
  byok: boolean;
  /** Made with a test-mode key: answered by the simulator, never charged (like BYOK). */
  test?: boolean;
  /**
   * The request's log, handed over: billing fills in what it charged, reserved and the price
   * (the caller passes placeholders; filled in place, since this runs after every request).
   */
  log: RequestLogRow;
};

/** Settles a finished request and queues its log with its charge; returns what was charged. */
export function settleRequest(r: FinishedRequest): Settlement {
  const bps = markupBps();
  const cost = r.usage && !r.byok && !r.test ? withMarkup(computeCost(r.price, r.usage), bps) : 0n;
  // Never more than reserved: an overrun is the gateway's (switchyard_undercharged_units_total).
  const s = settleReserved(r.reservation, cost);
  if (s.undercharged > 0n) {
    countUndercharged(s.undercharged);
    logger().warn({ requestId: r.log.id, undercharged: s.undercharged.toString() }, "cost exceeded reservation");
  }
  const log = r.log;
  log.costUnits = s.charged;
  log.reservedUnits = r.reservation.amount;
  log.price = billedPrice(r.price, bps);
  enqueueCharge({ log, charge: s.charged });
  return s;
}
