// balanceAfter against a real Postgres: the balance it reports after a call's charges is the
// same whether the charges are queued, being written or written, and whether it comes from
// this process's known balance (balance-view.ts) or the database; credits added elsewhere
// show at once; another process's charges within FRESH_MS (two charge batch intervals).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { sqlFromPool } from "@/lib/sql/executor";
import { pool } from "@/lib/sql/pool";
import { createId } from "@/lib/ids";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { balanceAfter, type SettledCharge } from "@/lib/billing/balance-after";
import { creditsToUnits } from "@/lib/billing/money";
import { enqueueCharge, flushCharges } from "@/lib/billing/settlement/charge-writer";
import { FRESH_MS, forgetAllBalances, knownBalanceAfter } from "@/lib/billing/settlement/balance-view";
import { chargedLogRow, writeChargedLogs } from "@/lib/sql/charges";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { chargedLog } from "@/lib/testing/spend";
import { sleep } from "@/lib/testing/chat-harness";

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

const dbBalance = async (userId: string) =>
  BigInt((await pool().query<{ b: string }>("SELECT balance::text AS b FROM users WHERE id = $1", [userId])).rows[0]!.b);

function charge(userId: string, units: bigint): SettledCharge {
  const id = createId("req");
  enqueueCharge(chargedLog(userId, id, units));
  return { logId: id, charge: units };
}

describe("balanceAfter with the charge writer's known balance", () => {
  it("is exact while charges are queued, in flight and written, with flushes racing the reads", async () => {
    const { userId } = await createTestUser();
    const start = await dbBalance(userId);
    const mine: SettledCharge[] = [];
    let spent = 0n;
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 120; i++) {
      const c = charge(userId, BigInt(1_000_000 + i * 7919));
      mine.push(c);
      spent += c.charge;
      if (i % 7 === 3) flushes.push(flushCharges()); // not awaited: batches commit while we read
      expect(await balanceAfter(userId, mine)).toBe(start - spent);
    }
    await Promise.all(flushes);
    await flushCharges();
    // Written: the known balance answers, and it is the database's.
    expect(knownBalanceAfter(userId, mine)).toBe(start - spent);
    expect(await dbBalance(userId)).toBe(start - spent);
  });

  it("shows credits added by a ledger entry at once, not the balance known before it", async () => {
    const { userId } = await createTestUser();
    const start = await dbBalance(userId);
    const first = [charge(userId, 5_000_000n)];
    await flushCharges();
    expect(knownBalanceAfter(userId, first)).toBe(start - 5_000_000n);
    const r = await applyLedgerEntry(sqlFromPool(pool()), { userId, kind: "purchase", amount: creditsToUnits(10), sourceId: createId("cs") });
    expect(r.status).toBe("applied");
    expect(knownBalanceAfter(userId, first)).toBeUndefined();
    const second = [charge(userId, 3_000_000n)];
    expect(await balanceAfter(userId, second)).toBe(start - 5_000_000n + creditsToUnits(10) - 3_000_000n);
    await flushCharges();
  });

  it("counts another process's written charges within FRESH_MS", async () => {
    const { userId } = await createTestUser();
    const start = await dbBalance(userId);
    const mine = [charge(userId, 2_000_000n)];
    await flushCharges();
    // Another process (another holder) charges the account: this one does not see it yet…
    await writeChargedLogs([chargedLogRow(chargedLog(userId, createId("req"), 7_000_000n))], "other-process");
    expect(await balanceAfter(userId, mine)).toBe(start - 2_000_000n);
    // …and does once its known balance is older than FRESH_MS.
    await sleep(FRESH_MS + 50);
    expect(await balanceAfter(userId, mine)).toBe(start - 9_000_000n);
  });

  it("asks the database when it knows nothing (a new process, or after the listener missed messages)", async () => {
    const { userId } = await createTestUser();
    const start = await dbBalance(userId);
    const mine = [charge(userId, 4_000_000n)];
    await flushCharges();
    forgetAllBalances();
    expect(knownBalanceAfter(userId, mine)).toBeUndefined();
    expect(await balanceAfter(userId, mine)).toBe(start - 4_000_000n);
    expect(await balanceAfter("no-such-account", [])).toBeNull();
  });
});
