// Coalesced ledger writes: a burst from one account becomes one statement, yet every caller
// gets its own exact result and balance = sum(ledger) holds, with or without enough credit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { applyLedgerEntryCoalesced } from "@/lib/billing/ledger-batch";
import { creditsToUnits } from "@/lib/billing/money";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";

const START = creditsToUnits(500);

async function state(userId: string) {
  const { rows } = await pool().query<{ balance: string; sum: string; n: string; stamps: string }>(
    `SELECT u.balance::text, coalesce(sum(l.amount), 0)::text AS sum, count(l.*)::text AS n,
            count(DISTINCT l.created_at)::text AS stamps
       FROM users u LEFT JOIN ledger_entries l ON l.user_id = u.id WHERE u.id = $1 GROUP BY u.balance`, [userId]);
  const r = rows[0]!;
  return { balance: BigInt(r.balance), sum: BigInt(r.sum), entries: Number(r.n), stamps: Number(r.stamps) };
}

const reserve = (userId: string, sourceId: string, units: bigint) =>
  applyLedgerEntryCoalesced({ userId, kind: "reservation", amount: -units, sourceId, floor: 0n });

describe("coalesced ledger writes", () => {
  beforeAll(() => assertTestDatabase());
  afterAll(() => closeDb());

  it("applies a burst of 50 reservations in one statement, each with its own balance", async () => {
    const { userId } = await createTestUser();
    const unit = creditsToUnits(1);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => reserve(userId, `burst-${userId}-${i}`, unit)));
    expect(results.every((r) => r.status === "applied")).toBe(true);
    const balances = results.map((r) => (r.status === "applied" ? r.balance : -1n));
    // Every intermediate balance appears exactly once: 499, 498, … 450 credits.
    expect(new Set(balances).size).toBe(50);
    expect(balances.sort((a, b) => (a < b ? 1 : -1))).toEqual(Array.from({ length: 50 }, (_, i) => START - unit * BigInt(i + 1)));
    const s = await state(userId);
    expect(s.balance).toBe(START - unit * 50n);
    expect(s.sum).toBe(s.balance);
    expect(s.stamps).toBeLessThan(10); // grant + one (or a few) statements, not 50 commits
    const { rows } = await pool().query<{ bad: string }>(
      "SELECT count(*)::text AS bad FROM ledger_entries WHERE user_id = $1 AND kind = 'reservation' AND balance_after NOT IN (SELECT balance_after FROM ledger_entries WHERE user_id = $1)", [userId]);
    expect(rows[0]!.bad).toBe("0");
  });

  it("lets exactly as many through as the balance covers when the burst does not fit", async () => {
    const { userId } = await createTestUser();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => reserve(userId, `tight-${userId}-${i}`, creditsToUnits(45))));
    expect(results.filter((r) => r.status === "applied")).toHaveLength(11); // 11 × 45 = 495 ≤ 500
    expect(results.filter((r) => r.status === "insufficient")).toHaveLength(1);
    const s = await state(userId);
    expect(s.balance).toBe(creditsToUnits(5));
    expect(s.sum).toBe(s.balance);
  });

  it("reports a duplicate source inside a burst as duplicate and applies the rest once", async () => {
    const { userId } = await createTestUser();
    const src = (i: number) => `dup-${userId}-${i}`;
    await reserve(userId, src(0), creditsToUnits(1));
    const results = await Promise.all([0, 1, 2, 1].map((i) => reserve(userId, src(i), creditsToUnits(1))));
    expect(results.map((r) => r.status)).toEqual(["duplicate", "applied", "applied", "duplicate"]);
    const s = await state(userId);
    expect(s.balance).toBe(START - creditsToUnits(3));
    expect(s.sum).toBe(s.balance);
  });

  it("keeps accounts apart and mixes credits and debits safely in one turn", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    const ops = [
      reserve(a.userId, `a1-${a.userId}`, creditsToUnits(10)),
      applyLedgerEntryCoalesced({ userId: a.userId, kind: "release", amount: creditsToUnits(4), sourceId: `a1-${a.userId}` }),
      reserve(b.userId, `b1-${b.userId}`, creditsToUnits(7)),
      applyLedgerEntryCoalesced({ userId: b.userId, kind: "refund", amount: creditsToUnits(7), sourceId: `b1-${b.userId}` }),
    ];
    expect((await Promise.all(ops)).map((r) => r.status)).toEqual(["applied", "applied", "applied", "applied"]);
    const sa = await state(a.userId);
    const sb = await state(b.userId);
    expect(sa.balance).toBe(START - creditsToUnits(6));
    expect(sb.balance).toBe(START);
    expect(sa.sum).toBe(sa.balance);
    expect(sb.sum).toBe(sb.balance);
  });
});
