// The billing page's ledger: individual grants/purchases/clawbacks, usage summed per UTC day,
// newest first, paginated — and never another account's rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { creditsToUnits } from "@/lib/billing/money";
import { sqlFromPool } from "@/lib/sql/executor";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { LEDGER_PAGE_SIZE, ledgerPage } from "@/lib/billing/stripe/billing-data";

describe("billing ledger view", () => {
  beforeAll(() => assertTestDatabase());
  afterAll(() => closeDb());

  it("summarises usage per day, lists the rest individually, and pages", async () => {
    const { userId } = await createTestUser();
    const other = await createTestUser();
    const sql = sqlFromPool(pool());
    // Two days of usage: 3 requests yesterday, 2 today (reservation + release each).
    const days = [{ ago: 1, n: 3 }, { ago: 0, n: 2 }];
    for (const d of days) {
      for (let i = 0; i < d.n; i++) {
        const id = `req_${userId}_${d.ago}_${i}`;
        await applyLedgerEntry(sql, { userId, kind: "reservation", amount: -creditsToUnits(10), sourceId: id });
        await applyLedgerEntry(sql, { userId, kind: "release", amount: creditsToUnits(7), sourceId: id });
      }
      await pool().query(`UPDATE ledger_entries SET created_at = date_trunc('day', now()) - ($2::int * interval '1 day') + interval '1 hour'
        WHERE user_id = $1 AND source_id LIKE $3`, [userId, d.ago, `req_${userId}_${d.ago}_%`]);
    }
    for (let i = 0; i < LEDGER_PAGE_SIZE; i++) {
      await applyLedgerEntry(sql, { userId, kind: "adjustment", amount: creditsToUnits(1), sourceId: `adj_${userId}_${i}`, metadata: { reason: "refund" } });
    }
    const first = await ledgerPage(userId, 1);
    expect(first.lines).toHaveLength(LEDGER_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    const second = await ledgerPage(userId, 2);
    const all = [...first.lines, ...second.lines];
    expect(second.hasMore).toBe(false);
    expect(all).toHaveLength(LEDGER_PAGE_SIZE + 1 + 2); // adjustments + the signup grant + 2 usage days
    const usage = all.filter((l) => l.kind === "usage");
    expect(usage.map((u) => [u.requests, u.amount])).toEqual([[2, -creditsToUnits(6)], [3, -creditsToUnits(9)]]);
    expect(all.filter((l) => l.kind === "adjustment").every((l) => l.reason === "refund")).toBe(true);
    const sum = all.reduce((a, l) => a + l.amount, 0n);
    const { rows } = await pool().query<{ balance: string }>("SELECT balance FROM users WHERE id = $1", [userId]);
    expect(sum).toBe(BigInt(rows[0]!.balance));
    expect((await ledgerPage(other.userId, 1)).lines).toHaveLength(1);
    expect((await ledgerPage(userId, 999)).lines).toHaveLength(0);
  });
});
