// Purchases and their reconciliation with the ledger. Webhook handlers only record Stripe's
// facts on the purchase row (paid, cumulative refunded amount, disputes); reconcilePurchase
// then makes the ledger agree with those facts — grant once, claw back what is owed, never
// more than was bought — under a row lock, so any order and any number of deliveries of
// events converge on the same balance.
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { formatCents, formatCredits, UNITS_PER_CENT } from "@/lib/billing/money";
import type { Sql } from "@/lib/billing/sql";
import { inTransaction } from "@/lib/billing/stripe/transaction";

export type PurchaseRow = {
  id: string; user_id: string; source: string; status: string; amount_cents: number; currency: string;
  credits: string; stripe_session_id: string | null; stripe_payment_intent_id: string | null;
  granted_at: Date | null; refunded_cents: number; disputed_cents: number; dispute_ids: string[];
  clawed_back_cents: number;
};

const COLUMNS = `id, user_id, source, status, amount_cents, currency, credits::text AS credits, stripe_session_id,
  stripe_payment_intent_id, granted_at, refunded_cents, disputed_cents, dispute_ids, clawed_back_cents`;

export async function lockPurchase(sql: Sql, where: "id" | "stripe_session_id" | "stripe_payment_intent_id", value: string): Promise<PurchaseRow | null> {
  const rows = await sql<PurchaseRow>(`SELECT ${COLUMNS} FROM purchases WHERE ${where} = $1 FOR UPDATE`, [value]);
  return rows[0] ?? null;
}


/** Brings the ledger in line with the purchase's recorded facts. Call with the row locked. */
export async function reconcilePurchase(sql: Sql, id: string): Promise<{ granted: boolean; clawedBackCents: number }> {
  const p = await lockPurchase(sql, "id", id);
  if (!p) return { granted: false, clawedBackCents: 0 };
  let granted = false;
  let grantedAt = p.granted_at;
  if (p.status === "paid" && !grantedAt) {
    const r = await applyLedgerEntry(sql, {
      userId: p.user_id, kind: "purchase", amount: BigInt(p.credits), sourceId: p.id,
      description: `${p.source === "auto_topup" ? "Auto top-up" : "Purchase"}: ${formatCredits(BigInt(p.credits), 0)} credits (${formatCents(p.amount_cents)})`,
      metadata: { purchase_id: p.id, amount_cents: p.amount_cents, stripe_session_id: p.stripe_session_id },
    });
    if (r.status === "no_account") throw new Error(`purchase ${p.id}: account ${p.user_id} not found`);
    await sql("UPDATE purchases SET granted_at = now() WHERE id = $1", [p.id]);
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
      await sql("UPDATE purchases SET clawed_back_cents = $2 WHERE id = $1", [p.id, target]);
    } else {
      claw = 0;
    }
  }
  return { granted, clawedBackCents: claw };
}

/** Records facts on a purchase and reconciles, in one transaction. */
export async function updatePurchase(
  where: "id" | "stripe_session_id" | "stripe_payment_intent_id", value: string,
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
