// The memory side of holds (holds.ts): one process's holds on accounts (a Book) and what a
// request reserved from one. Tests make a second Book to stand for another process.
import type { HolderIdentity } from "@/lib/billing/settlement/holder-identity";
import type { HoldPeers } from "@/lib/billing/settlement/hold-peers";

/** This process's hold on one account, as memory sees it. */
export type Hold = {
  readonly book: Book;
  readonly userId: string;
  /** Held in the database and not reserved by an in-flight request. */
  remaining: bigint;
  inflight: number;
  lastUsed: number;
  validUntil: number;
  /** Bumped when the hold was lost (swept): older reservations no longer belong to it. */
  epoch: number;
  lastGrant: bigint;
  /** The account's one database round trip in progress (grow, release, revalidate). */
  pending: Promise<unknown> | null;
};

/** What a request reserved: end it with settleReservation (a refund is a cost of 0). */
export type Reservation = { readonly hold: Hold | null; readonly epoch: number; readonly amount: bigint };

/** How a reservation ended: `charged` is what the charge writer must debit. */
export type Settlement = { charged: bigint; undercharged: bigint };

/** One process's holds (tests make a second one to stand for another process). */
export type Book = {
  /** Chosen on first use (it reads the environment). */
  identity: HolderIdentity | null;
  readonly newIdentity: () => HolderIdentity;
  holds: Map<string, Hold>;
  timer: NodeJS.Timeout | null;
  lastRenew: number;
  lastSweep: number;
  /** Other processes holding on the same accounts; null until first needed. */
  peers: HoldPeers | null;
  readonly newPeers: (book: Book) => HoldPeers;
};

export function newBook(newIdentity: () => HolderIdentity, newPeers: (book: Book) => HoldPeers): Book {
  return { identity: null, newIdentity, holds: new Map(), timer: null, lastRenew: 0, lastSweep: 0, peers: null, newPeers };
}

/** The book's name on its credit_holds rows, chosen on first use (it reads the environment). */
export function identityOf(book: Book): HolderIdentity {
  return (book.identity ??= book.newIdentity());
}

export const holderOf = (book: Book) => identityOf(book).holder;
export const peersOf = (book: Book) => (book.peers ??= book.newPeers(book));

/** Runs the account's one database round trip; whoever comes meanwhile waits for it. */
export function pendingOn<T>(hold: Hold, work: Promise<T>): Promise<T> {
  const p = work.finally(() => {
    if (hold.pending === p) hold.pending = null;
  });
  hold.pending = p;
  return p;
}
