// Key budgets as holds (budget-holds.ts, reserve.ts) against a real Postgres: the key's spend
// is read once from its logs' rollups and then kept in memory; a reservation takes the
// tightest budget's remainder (capped, or 403 below a minimal answer); a provider's usage
// above the reservation is never charged (undercharged, absorbed); the windows roll in UTC.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { pool } from "@/lib/sql/pool";
import { keySpendSince } from "@/lib/sql/api-keys";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { createKeyWith } from "@/lib/testing/key-fixtures";
import { chargedLog } from "@/lib/testing/spend";
import { enqueueCharge, flushCharges } from "@/lib/billing/settlement/charge-writer";
import { setBudgetClockForTests, settleBudget, tryTakeBudget, type BudgetedKey } from "@/lib/billing/settlement/budget-holds";
import { releaseReservation, reserve, settleReserved, tryReserve } from "@/lib/billing/settlement/reserve";

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());
afterEach(() => setBudgetClockForTests(null));

async function budgetedKey(budgets: Partial<Pick<BudgetedKey, "budgetDaily" | "budgetMonthly" | "budgetTotal">>): Promise<BudgetedKey> {
  const { userId } = await createTestUser();
  const { keyId } = await createKeyWith(userId, budgets);
  return { keyId, userId, budgetDaily: null, budgetMonthly: null, budgetTotal: null, ...budgets };
}

/** Writes a settled charge of `key` the way settle.ts does (log + charge in one statement). */
async function charge(key: BudgetedKey, units: bigint, id: string): Promise<void> {
  const entry = chargedLog(key.userId, id, units);
  entry.log.apiKeyId = key.keyId;
  enqueueCharge(entry);
  await flushCharges();
}

async function balanceAndLedger(userId: string): Promise<[bigint, bigint]> {
  const { rows } = await pool().query<{ b: string; l: string }>(
    `SELECT balance::text AS b, (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE user_id = $1)::text AS l
     FROM users WHERE id = $1`, [userId]);
  return [BigInt(rows[0]!.b), BigInt(rows[0]!.l)];
}

describe("key budget holds", () => {
  it("loads the key's spend once, then reserves in memory; caps to the remainder, 403 below a minimal answer", async () => {
    const key = await budgetedKey({ budgetTotal: 1_000n });
    await charge(key, 300n, `req_${key.keyId}_a`); // spent before this process looked
    expect(tryReserve(key, 100n)).toBeNull(); // spend not loaded yet
    const a = await reserve(key, 100n);
    expect(a).toMatchObject({ amount: 100n, capped: null });
    const b = tryReserve(key, 500n); // in memory now: 300 spent + 100 held + 500 ≤ 1000
    expect(b).toMatchObject({ amount: 500n, capped: null });
    expect(tryReserve(key, 200n)).toBeNull(); // only 100 left
    const c = await reserve(key, 200n, 50n); // capped to what the budget has left
    expect(c).toMatchObject({ amount: 100n, capped: "budget" });
    const refused = await reserve(key, 200n, 50n).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe("budget_exhausted");
    expect(isAppError(refused) && refused.status).toBe(403);
    expect(String((refused as Error).message)).toMatch(/total budget .* does not reset/);
    releaseReservation(b!); // a refund frees its part of the budget
    expect(tryReserve(key, 500n)).toMatchObject({ amount: 500n });
  });

  it("never charges above the reservation: the overrun is recorded as undercharged and the budget holds", async () => {
    const key = await budgetedKey({ budgetTotal: 1_000n });
    const r = await reserve(key, 400n);
    const s = settleReserved(r, 650n); // the provider reported more than the worst case we reserved
    expect(s).toEqual({ charged: 400n, undercharged: 250n });
    const rest = await reserve(key, 700n, 10n);
    expect(rest).toMatchObject({ amount: 600n, capped: "budget" }); // 1000 − 400 charged
    expect(settleReserved(rest, 600n)).toEqual({ charged: 600n, undercharged: 0n });
    const refused = await reserve(key, 10n).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe("budget_exhausted");
  });

  it("keys without a budget: the account's balance caps the reservation instead (capped: balance)", async () => {
    const { userId, keyId } = await createTestUser();
    const key: BudgetedKey = { keyId, userId, budgetDaily: null, budgetMonthly: null, budgetTotal: null };
    const [balance] = await balanceAndLedger(userId);
    const r = await reserve(key, balance + 1_000n, 1_000n);
    expect(r).toMatchObject({ amount: balance, capped: "balance", budget: null });
    const refused = await reserve(key, 2_000n, 1_000n).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe("insufficient_credits");
    expect(String((refused as Error).message)).toMatch(/minimal answer/);
    releaseReservation(r);
  });

  it("100 concurrent reservations on one key never spend more than its budget; balance = Σ ledger", async () => {
    const budget = 10_000n;
    const key = await budgetedKey({ budgetDaily: budget });
    let n = 0;
    const results = await Promise.allSettled(Array.from({ length: 100 }, async () => {
      const r = tryReserve(key, 700n) ?? (await reserve(key, 700n, 100n));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      // Some use more than reserved (absorbed), some less, some nothing.
      const cost = [900n, 700n, 300n, 0n][n++ % 4]!;
      const { charged } = settleReserved(r, cost);
      const entry = chargedLog(key.userId, `req_${key.keyId}_${n}`, charged, r.amount);
      entry.log.apiKeyId = key.keyId;
      enqueueCharge(entry);
    }));
    await flushCharges();
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(isAppError((r as PromiseRejectedResult).reason) && (r as PromiseRejectedResult).reason.code).toBe("budget_exhausted");
    const now = Date.now();
    const spent = await keySpendSince(key.userId, key.keyId, now - (now % 86_400_000), 0);
    expect(spent.today).toBeLessThanOrEqual(budget);
    expect(spent.today).toBeGreaterThan(budget / 2n);
    const [balance, ledger] = await balanceAndLedger(key.userId);
    expect(balance).toBe(ledger);
  });

  it("the daily window rolls over at UTC midnight; a request counts in the window it started in", async () => {
    let now = Date.UTC(2026, 11, 31, 23, 59, 59, 500);
    setBudgetClockForTests(() => now);
    const key = await budgetedKey({ budgetDaily: 1_000n, budgetMonthly: 1_500n });
    const late = await reserve(key, 800n); // Dec 31
    expect(tryTakeBudget(key, 300n)).toBeNull(); // daily: 200 left
    now = Date.UTC(2027, 0, 1, 0, 0, 0, 500); // Jan 1: new day and new month
    const early = tryTakeBudget(key, 1_000n);
    expect(early).not.toBeNull(); // yesterday's in-flight 800 does not count today
    settleReserved(late, 800n); // settles after midnight: counted on Dec 31
    expect(tryTakeBudget(key, 1n)).toBeNull(); // today's 1000 are held by `early`
    settleBudget(early!, 0n);
    expect(tryTakeBudget(key, 1_000n)).not.toBeNull();
  });
});
