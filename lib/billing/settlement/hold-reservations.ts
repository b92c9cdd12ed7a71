// Taking and ending reservations (holds.ts): a request's worst case is taken from the
// process's hold on the account with no await when the hold covers it; only a hold that must
// grow or be revalidated costs a round trip (hold-lifecycle.ts). Before answering 402, a
// process that ran short asks its peers to give back what they hold unused (hold-peers.ts),
// then takes what is left down to the request's minimum.
import { pendingOn, peersOf, type Book, type Hold, type Reservation, type Settlement } from "@/lib/billing/settlement/hold-book";
import { grow, InsufficientCredits, revalidate, startTicking } from "@/lib/billing/settlement/hold-lifecycle";

const NO_RESERVATION: Reservation = { hold: null, epoch: 0, amount: 0n };

/** tryReserveFromHold (holds.ts) for one book. */
export function tryReserveIn(book: Book, userId: string, amount: bigint): Reservation | null {
  if (amount <= 0n) return NO_RESERVATION;
  const hold = book.holds.get(userId);
  if (hold && hold.remaining >= amount && Date.now() < hold.validUntil) return take(hold, amount);
  return null;
}

/** reserveFromHold (holds.ts) for one book. */
export async function reserveIn(book: Book, userId: string, amount: bigint, minimal: bigint): Promise<Reservation> {
  if (amount <= 0n) return NO_RESERVATION;
  startTicking(book);
  peersOf(book); // listening from the first reservation on: a peer may ask us
  // Once the account could not cover `amount`: one more grow takes what it has free (at least
  // up to `minimal`), then this call takes what the hold has, or gives up.
  let partial = false;
  let grabbed = false;
  let asked = false;
  for (;;) {
    let hold = book.holds.get(userId);
    if (!hold) {
      hold = { book, userId, remaining: 0n, inflight: 0, lastUsed: Date.now(), validUntil: 0, epoch: 0, lastGrant: 0n, pending: null };
      book.holds.set(userId, hold);
    }
    // One round trip per account at a time; whoever waited looks again afterwards.
    if (hold.pending) {
      await hold.pending.catch(() => undefined);
      continue;
    }
    if (Date.now() >= hold.validUntil && (hold.remaining > 0n || hold.inflight > 0)) {
      await pendingOn(hold, revalidate(hold));
      continue;
    }
    if (hold.remaining >= amount) return take(hold, amount);
    if (grabbed) {
      if (hold.remaining >= minimal && hold.remaining > 0n) return take(hold, hold.remaining);
      throw new InsufficientCredits();
    }
    try {
      await pendingOn(hold, grow(hold, amount, partial ? minimal : amount, !partial));
      grabbed = partial;
    } catch (err) {
      if (!(err instanceof InsufficientCredits)) throw err;
      // Short: other processes may hold what this request needs without using it.
      if (!asked) {
        asked = true;
        if (await peersOf(book).askToRelease(userId)) continue;
      }
      if (partial || minimal >= amount) throw err;
      partial = true; // look again (another request may have grown the hold meanwhile)
    }
  }
}

function take(hold: Hold, amount: bigint): Reservation {
  hold.remaining -= amount;
  hold.inflight++;
  hold.lastUsed = Date.now();
  return { hold, epoch: hold.epoch, amount };
}

/**
 * Ends a reservation at the request's real cost (0 = refund): the unused part goes back to
 * the hold. A cost above the reservation is taken from the rest of the hold when it covers
 * it, else recorded as undercharged (the balance is never driven below zero).
 */
export function settleReservation(reservation: Reservation, cost: bigint): Settlement {
  const hold = reservation.hold;
  if (!hold) return { charged: 0n, undercharged: cost };
  if (reservation.epoch !== hold.epoch) return { charged: 0n, undercharged: cost };
  hold.inflight--;
  hold.lastUsed = Date.now();
  const back = hold.remaining + reservation.amount - cost;
  if (back >= 0n) {
    hold.remaining = back;
    return { charged: cost, undercharged: 0n };
  }
  hold.remaining = 0n;
  return { charged: cost + back, undercharged: -back };
}
