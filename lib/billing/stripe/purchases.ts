// Purchases and their reconciliation with the ledger. Webhook handlers only record Stripe's
// facts on the purchase row (paid, cumulative refunded amount, disputes); reconcilePurchase
// then makes the ledger agree with those facts — grant once, claw back what is owed, never
// more than was bought — under a row lock, so any order and any number of deliveries of
// events converge on the same balance.
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { formatCents, formatCredits, UNITS_PER_CENT } from "@/lib/billing/money";
import { inTransaction, type Sql } from "@/lib/sql/executor";
import { lockPurchase, markGranted, setClawedBack, type PurchaseKey, type PurchaseRow } from "@/lib/sql/purchases";

export type { PurchaseRow };

/** Brings the ledger in line with the purchase's recorded facts. Call with the row locked. */
export async function reconcilePurchase(sql: Sql, id: string): Promise<{ granted: boolean; clawedBackCents: number }> {
  const p = await lockPurchase(sql, "id", id);
  if (!p) return { granted: false, clawedBackCents: 0 };
  let granted = false;
  let grantedAt = p.granted_at;
  if (p.status === "paid" && !grantedAt) {
    const r = await applyLedgerEntry(sql, {
      userId: p.user_id, kind: "purchase", amount: p.credits, sourceId: p.id,
      description: `${p.source === "auto_topup" ? "Auto top-up" : "Purchase"}: ${formatCredits(p.credits, 0)} credits (${formatCents(p.amount_cents)})`,
      metadata: { purchase_id: p.id, amount_cents: p.amount_cents, stripe_session_id: p.stripe_session_id },
    });
    if (r.status === "no_account") throw new Error(`purchase ${p.id}: account ${p.user_id} not found`);
    await markGranted(sql, p.id);
    grantedAt = new Date();
    granted = r.status === "applied";
  }
  let claw = 0;
  if (grantedAt) {
    const target = Math.min(p.amount_cents, p.refunded_cents + p.disputed_cents);
    claw = target - p.clawed_back_cents;
    if (claw > 0) {
      const reason = p.disputed_cents > 0 ? "dispute" : "refund";
      await applyLedgerEntry(sql, {
        userId: p.user_id, kind: "adjustment", amount: -BigInt(claw) * UNITS_PER_CENT, sourceId: `clawback:${p.id}:${target}`,
        description: `${reason === "dispute" ? "Disputed" : "Refunded"} purchase: −${formatCredits(BigInt(claw) * UNITS_PER_CENT, 0)} credits (${formatCents(claw)})`,
        metadata: { purchase_id: p.id, reason, cents: claw },
      });
      await setClawedBack(sql, p.id, target);
    } else {
      claw = 0;
    }
  }
  return { granted, clawedBackCents: claw };
}

/** Records facts on a purchase and reconciles, in one transaction. */
export async function updatePurchase(
  where: PurchaseKey, value: string,
  apply: (sql: Sql, p: PurchaseRow) => Promise<string | null>,
): Promise<{ found: boolean; detail: string; granted: boolean; clawedBackCents: number }> {
  return inTransaction(async (sql) => {
    const p = await lockPurchase(sql, where, value);
    if (!p) return { found: false, detail: "unknown purchase", granted: false, clawedBackCents: 0 };
    const stop = await apply(sql, p);
    if (stop) return { found: true, detail: stop, granted: false, clawedBackCents: 0 };
    const r = await reconcilePurchase(sql, p.id);
    return { found: true, detail: r.granted ? "granted" : r.clawedBackCents ? "clawed back" : "no change", ...r };
  });
}
