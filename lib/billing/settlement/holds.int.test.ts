// Holds and in-memory reservations (holds.ts, reserve.ts) against a real Postgres:
// admission never passes the balance, charges land once with their request logs, and
// holds go back to the account when idle, released, or left behind by a dead process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { chargedLog, spendLikeRequests } from "@/lib/testing/spend";
import { creditsToUnits } from "@/lib/billing/money";
import { isAppError } from "@/lib/errors";
import { holderId, releaseIdleHolds, settleReservation } from "@/lib/billing/settlement/holds";
import { acquireHold, releaseHold, sweepExpiredHolds } from "@/lib/sql/credit-holds";
import { reserveCredits, tryReserveCredits } from "@/lib/billing/settlement/reserve";
import { enqueueCharge, flushCharges } from "@/lib/billing/settlement/charge-writer";
import { accountMoney } from "@/lib/testing/money";

const START = creditsToUnits(500); // every test account's sign-up grant


/** users.held always equals the account's hold rows, and balance = sum(ledger). */
async function expectConsistent(userId: string) {
  const a = await accountMoney(userId);
  expect(a.held).toBe(a.holds);
  expect(a.balance).toBe(a.ledger);
  expect(a.balance - a.held >= 0n).toBe(true);
  return a;
}

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

describe("holds and reservations", () => {
  it("reserves in memory once the hold covers it; the balance moves only when the log is written", async () => {
    const { userId } = await createTestUser();
    expect(tryReserveCredits(userId, creditsToUnits(1))).toBeNull(); // no hold yet: it must grow
    const t1 = await reserveCredits(userId, creditsToUnits(1));
    const held = (await accountMoney(userId)).held;
    expect(held).toBe(creditsToUnits(64)); // 64 reservations of this size
    const t2 = tryReserveCredits(userId, creditsToUnits(1)); // in memory: no round trip
    expect(t2).not.toBeNull();
    const s1 = settleReservation(t1, creditsToUnits("0.25"));
    expect(s1).toEqual({ charged: creditsToUnits("0.25"), undercharged: 0n });
    settleReservation(t2!, 0n);
    expect((await accountMoney(userId)).balance).toBe(START);
    enqueueCharge(chargedLog(userId, `req_hold_${userId}`, s1.charged));
    await flushCharges();
    const a = await expectConsistent(userId);
    expect(a.balance).toBe(START - creditsToUnits("0.25"));
    expect(a.held).toBe(held - creditsToUnits("0.25"));
    const { rows } = await pool().query<{ kind: string; amount: string; balance_after: string }>(
      "SELECT kind, amount::text, balance_after::text FROM ledger_entries WHERE user_id = $1 AND kind = 'charge'", [userId]);
    expect(rows).toEqual([{ kind: "charge", amount: (-creditsToUnits("0.25")).toString(), balance_after: a.balance.toString() }]);
  });

  it("a log row written twice is charged once", async () => {
    const { userId } = await createTestUser();
    const t = await reserveCredits(userId, creditsToUnits(2));
    const { charged } = settleReservation(t, creditsToUnits(2));
    const entry = chargedLog(userId, `req_twice_${userId}`, charged);
    enqueueCharge(entry);
    enqueueCharge(entry);
    await flushCharges();
    enqueueCharge(entry);
    await flushCharges();
    expect((await expectConsistent(userId)).balance).toBe(START - creditsToUnits(2));
  });

  it("200 concurrent requests: exactly those that fit are admitted, and the ledger agrees to the unit", async () => {
    const { userId } = await createTestUser();
    const each = creditsToUnits(3); // 500 credits fit 166 of them, with 2 left over
    const results = await Promise.allSettled(Array.from({ length: 200 }, async () => reserveCredits(userId, each)));
    const admitted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(admitted).toHaveLength(166);
    for (const r of refused) {
      const reason: unknown = (r as PromiseRejectedResult).reason;
      expect(isAppError(reason) && reason.code === "insufficient_credits").toBe(true); // → 402
    }
    // Charge each a different exact amount, write the logs, and compare to the unit. Every
    // row's balance_after must chain: the grant, then each charge off the one before.
    let total = 0n;
    admitted.forEach((r, i) => {
      const cost = 1_000_000n + BigInt(i) * 7n;
      total += cost;
      const { charged } = settleReservation((r as PromiseFulfilledResult<Awaited<ReturnType<typeof reserveCredits>>>).value, cost);
      enqueueCharge(chargedLog(userId, `req_c${i}_${userId}`, charged));
    });
    await flushCharges();
    const a = await expectConsistent(userId);
    expect(a.balance).toBe(START - total);
    const { rows } = await pool().query<{ ok: boolean }>(
      `SELECT bool_and(balance_after = expected) AS ok FROM (
         SELECT balance_after, sum(amount) OVER (ORDER BY balance_after DESC ROWS UNBOUNDED PRECEDING) AS expected
         FROM ledger_entries WHERE user_id = $1) t`, [userId]);
    expect(rows[0]!.ok).toBe(true);
  });

  it("a cost above the reservation comes from the rest of the hold, else is recorded as undercharged", async () => {
    const { userId } = await createTestUser();
    // A fair share: the hold takes 100 + half of the other 400 credits = 300 (holds.ts).
    const t = await reserveCredits(userId, creditsToUnits(100));
    expect(settleReservation(t, creditsToUnits(150))).toEqual({ charged: creditsToUnits(150), undercharged: 0n });
    // 150 left in the hold; it grows by the 150 short + half of the other 50 free = 175 → 325.
    const t2 = await reserveCredits(userId, creditsToUnits(300));
    expect(settleReservation(t2, creditsToUnits(400))).toEqual({ charged: creditsToUnits(325), undercharged: creditsToUnits(75) });
  });

  it("idle holds go back to the account; the next request takes a new one", async () => {
    const { userId } = await createTestUser();
    await spendLikeRequests(userId, 5, creditsToUnits(4), creditsToUnits(1));
    expect((await accountMoney(userId)).held).toBeGreaterThan(0n);
    await releaseIdleHolds();
    const a = await expectConsistent(userId);
    expect(a).toMatchObject({ held: 0n, holds: 0n, balance: START - creditsToUnits(5) });
    await spendLikeRequests(userId, 1, creditsToUnits(4), creditsToUnits(1));
    expect((await expectConsistent(userId)).balance).toBe(START - creditsToUnits(6));
  });

  it("holds of two processes never add up to more than the balance; a dead process's hold is swept back", async () => {
    const { userId } = await createTestUser();
    const a = await acquireHold(userId, "proc-a", creditsToUnits(400), creditsToUnits(1));
    expect(a).toEqual({ status: "granted", amount: creditsToUnits(400) });
    const b = await acquireHold(userId, "proc-b", creditsToUnits(400), creditsToUnits(1));
    expect(b).toEqual({ status: "granted", amount: creditsToUnits(100) });
    expect(await acquireHold(userId, "proc-c", creditsToUnits(1), creditsToUnits(1))).toEqual({ status: "insufficient" });
    await releaseHold(userId, "proc-b", creditsToUnits(30));
    expect((await expectConsistent(userId)).held).toBe(creditsToUnits(470));
    await releaseHold(userId, "proc-b", creditsToUnits(1000)); // never more than it holds
    expect((await expectConsistent(userId)).held).toBe(creditsToUnits(400));
    await pool().query("UPDATE credit_holds SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND holder = 'proc-a'", [userId]);
    await sweepExpiredHolds();
    expect(await expectConsistent(userId)).toMatchObject({ held: 0n, holds: 0n, balance: START });
    expect(await acquireHold("no-such-user", holderId(), 1n, 1n)).toEqual({ status: "no_account" });
  });
});
