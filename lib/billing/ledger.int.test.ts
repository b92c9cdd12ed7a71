import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { sqlFromPool } from "@/lib/sql/executor";
import { creditsToUnits } from "@/lib/billing/money";

async function ledgerSum(userId: string): Promise<bigint> {
  const { rows } = await pool().query<{ s: string | null }>("SELECT sum(amount)::bigint AS s FROM ledger_entries WHERE user_id = $1", [userId]);
  return BigInt(rows[0]?.s ?? 0);
}
async function balance(userId: string): Promise<bigint> {
  const u = await db().user.findUniqueOrThrow({ where: { id: userId } });
  return u.balance;
}

describe("credit ledger", () => {
  beforeAll(() => assertTestDatabase());
  afterAll(() => closeDb());

  it("gives a new account exactly 500 credits as one grant", async () => {
    const { userId } = await createTestUser();
    expect(await balance(userId)).toBe(creditsToUnits(500));
    const grants = await db().ledgerEntry.findMany({ where: { userId } });
    expect(grants).toHaveLength(1);
    expect(grants[0]!.kind).toBe("grant");
    expect(grants[0]!.balanceAfter).toBe(creditsToUnits(500));
  });

  it("applies the same (kind, source) once even when 20 deliveries race", async () => {
    const { userId } = await createTestUser();
    const sql = sqlFromPool(pool());
    const results = await Promise.all(Array.from({ length: 20 }, () =>
      applyLedgerEntry(sql, { userId, kind: "adjustment", amount: 123_456n, sourceId: `race:${userId}` })));
    expect(results.filter((r) => r.status === "applied")).toHaveLength(1);
    expect(results.filter((r) => r.status === "duplicate")).toHaveLength(19);
    expect(await balance(userId)).toBe(creditsToUnits(500) + 123_456n);
    expect(await ledgerSum(userId)).toBe(await balance(userId));
  });

  it("never lets concurrent debits take the balance below the floor; balance = sum(ledger)", async () => {
    const { userId } = await createTestUser();
    const sql = sqlFromPool(pool());
    const debit = creditsToUnits(30); // 500 credits cover 16 of these, not 17
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      applyLedgerEntry(sql, { userId, kind: "reservation", amount: -debit, sourceId: `d:${userId}:${i}`, floor: 0n })));
    expect(results.filter((r) => r.status === "applied")).toHaveLength(16);
    expect(results.filter((r) => r.status === "insufficient")).toHaveLength(34);
    const b = await balance(userId);
    expect(b).toBe(creditsToUnits(500) - 16n * debit);
    expect(b >= 0n).toBe(true);
    expect(await ledgerSum(userId)).toBe(b);
  });
});
