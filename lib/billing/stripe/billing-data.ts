// What the billing pages show, always scoped to the signed-in account.
import { ledgerLines, purchaseInLedger, type LedgerLineRow } from "@/lib/sql/ledger";
import { listedPurchases, purchaseOfSession, type PurchaseListRow } from "@/lib/sql/purchases";

export type PurchaseView = PurchaseListRow;

/** Purchases worth listing: paid, failed, or still open with something to say. */
export function listPurchases(userId: string, limit = 20): Promise<PurchaseView[]> {
  return listedPurchases(userId, limit);
}

export function purchaseBySession(userId: string, sessionId: string): Promise<PurchaseView | null> {
  return purchaseOfSession(userId, sessionId);
}

/** True once the purchase's credits are in the ledger. */
export function purchaseGranted(userId: string, purchaseId: string): Promise<boolean> {
  return purchaseInLedger(userId, purchaseId);
}

export type LedgerLine = LedgerLineRow;

export const LEDGER_PAGE_SIZE = 25;

/** One page of the account's ledger: grants, purchases, adjustments, and usage per UTC day. */
export async function ledgerPage(userId: string, page: number): Promise<{ lines: LedgerLine[]; hasMore: boolean }> {
  const p = Math.max(1, Math.min(10_000, Math.floor(page) || 1));
  const rows = await ledgerLines(userId, LEDGER_PAGE_SIZE + 1, (p - 1) * LEDGER_PAGE_SIZE);
  return { lines: rows.slice(0, LEDGER_PAGE_SIZE), hasMore: rows.length > LEDGER_PAGE_SIZE };
}
