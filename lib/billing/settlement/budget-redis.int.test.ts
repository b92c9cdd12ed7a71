// Key budgets shared through a real redis-server (REDIS_TEST_URL, started by scripts/test.ts) and
// a real Postgres: two BudgetHolder instances on two connections stand for two processes —
// Redis and the database are all they share. The outage test runs its own redis-server.
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { RedisLink, redisHealth } from "@/lib/redis";
import { keySpendSince } from "@/lib/sql/api-keys";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { createKeyWith } from "@/lib/testing/key-fixtures";
import { chargedLog } from "@/lib/testing/spend";
import { enqueueCharge, flushCharges } from "@/lib/billing/settlement/charge-writer";
import {
  BudgetHolder, setBudgetClockForTests, settleBudget, shrinkBudget, type BudgetReservation, type BudgetedKey,
} from "@/lib/billing/settlement/budget-holds";
import { freePort } from "@/scripts/lib/postgres";
import { startLocalRedis } from "@/scripts/lib/redis";

const REDIS_URL = process.env.REDIS_TEST_URL;
if (!REDIS_URL) throw new Error("REDIS_TEST_URL is not set: run through `npm test -- int budget-redis` (scripts/test.ts starts Redis)");

const links: RedisLink[] = [];
async function processLike(url = REDIS_URL!, leaseMs?: number): Promise<{ link: RedisLink; holder: BudgetHolder }> {
  const link = new RedisLink(url);
  links.push(link);
  expect(await link.ready()).toBe(true);
  return { link, holder: new BudgetHolder(() => link, leaseMs) };
}

async function budgetedKey(budgets: Partial<Pick<BudgetedKey, "budgetDaily" | "budgetMonthly" | "budgetTotal">>): Promise<BudgetedKey> {
  const { userId } = await createTestUser();
  const { keyId } = await createKeyWith(userId, budgets);
  return { keyId, userId, budgetDaily: null, budgetMonthly: null, budgetTotal: null, ...budgets };
}

/** Settles like settle.ts: the reservation in the holder, the charge written to Postgres. */
function settle(key: BudgetedKey, r: BudgetReservation, charge: bigint, id: string): void {
  settleBudget(r, charge);
  if (charge === 0n) return;
  const entry = chargedLog(key.userId, id, charge, r.amount);
  entry.log.apiKeyId = key.keyId;
  enqueueCharge(entry);
}

/** Settlements are sent after the response (fire and forget): wait until none is in flight. */
async function settled(holder: BudgetHolder, keyId: string) {
  for (let i = 0; i < 100; i++) {
    const s = await holder.sharedState(keyId);
    if (s && s.heldTotal === 0n && s.reservations === 0) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("reservations still held in Redis");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(() => assertTestDatabase());
afterEach(() => setBudgetClockForTests(null));
afterAll(async () => {
  for (const l of links) await l.close();
  await closeDb();
});

describe("key budgets shared through Redis", () => {
  it("two processes: 40 concurrent reservations never exceed the budget; Redis = Postgres after settling", async () => {
    const [a, b] = [await processLike(), await processLike()];
    const budget = 10_000n;
    const key = await budgetedKey({ budgetTotal: budget });
    const prior = chargedLog(key.userId, `req_${key.keyId}_prior`, 1_200n); // spent before anyone looked
    prior.log.apiKeyId = key.keyId;
    enqueueCharge(prior);
    await flushCharges();
    expect(a.holder.tryTake(key, 1n)).toBeNull(); // shared: always the round trip
    let n = 0;
    const results = await Promise.allSettled(Array.from({ length: 40 }, async (_, i) => {
      const holder = i % 2 ? a.holder : b.holder;
      const r = await holder.take(key, 700n, 100n);
      await sleep(Math.random() * 20);
      // Some use all they reserved, some less, some nothing.
      const charge = [r.amount, r.amount, 300n < r.amount ? 300n : r.amount, 0n][n++ % 4]!;
      settle(key, r, charge, `req_${key.keyId}_${i}`);
      return r;
    }));
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      const err = (r as PromiseRejectedResult).reason as unknown;
      expect(isAppError(err) && [err.code, err.status]).toEqual(["budget_exhausted", 403]);
    }
    expect(results.filter((r) => r.status === "fulfilled" && r.value.amount < 700n).length).toBeGreaterThan(0); // capped
    await flushCharges();
    const now = Date.now();
    const spent = await keySpendSince(key.userId, key.keyId, now - (now % 86_400_000), 0);
    expect(spent.total).toBeLessThanOrEqual(budget); // Σ charges (per process: ~1.8× the budget)
    expect(spent.total).toBeGreaterThan(budget / 2n);
    const state = await settled(a.holder, key.keyId);
    expect(state.spentTotal).toBe(spent.total);
    expect(state.spentDay).toBe(spent.today);
    // Both processes see one count: what is left is exactly the budget less the spend.
    const rest = budget - spent.total;
    if (rest > 0n) {
      const last = await b.holder.take(key, budget, 1n);
      expect(last.amount).toBe(rest);
      settleBudget(last, 0n);
    }
  });

  it("the first process seeds the state from Postgres, set only if absent; 403 and caps as in process", async () => {
    const [a, b] = [await processLike(), await processLike()];
    const key = await budgetedKey({ budgetDaily: 1_000n, budgetTotal: 5_000n });
    const r = await a.holder.take(key, 600n, 600n);
    expect(r).toMatchObject({ kind: "shared", amount: 600n });
    // A charge written now is not in Redis's count (only settlements are): b does not re-seed.
    const other = chargedLog(key.userId, `req_${key.keyId}_x`, 300n);
    other.log.apiKeyId = key.keyId;
    enqueueCharge(other);
    await flushCharges();
    const capped = await b.holder.take(key, 600n, 100n);
    expect(capped.amount).toBe(400n); // daily 1000 − 600 held: the seed was not overwritten
    const err = await b.holder.take(key, 600n, 100n).catch((e: unknown) => e);
    expect(isAppError(err) && err.message).toMatch(/^This key's daily budget of .* credits is spent: 0(\.0+)? credits are left.* It resets at .*Z \(UTC\)\.$/);
    // The balance covered less: the rest goes back to the budget at once.
    const shrunk = shrinkBudget(capped, 150n);
    expect(shrunk.amount).toBe(150n);
    settleBudget(r, 500n);
    settleBudget(shrunk, 150n);
    const s = await settled(a.holder, key.keyId);
    expect([s.spentDay, s.spentTotal]).toEqual([650n, 650n]);
  });

  it("the daily window rolls at UTC midnight; a request counts in the window it started in", async () => {
    const [a, b] = [await processLike(), await processLike()];
    let now = Date.UTC(2026, 11, 31, 23, 59, 59, 500);
    setBudgetClockForTests(() => now);
    const key = await budgetedKey({ budgetDaily: 1_000n, budgetMonthly: 1_500n });
    const late = await a.holder.take(key, 800n, 800n); // Dec 31
    expect(await b.holder.take(key, 300n, 300n).catch((e: unknown) => isAppError(e) && e.code)).toBe("budget_exhausted");
    now = Date.UTC(2027, 0, 1, 0, 0, 0, 500); // Jan 1: new day and new month
    const early = await b.holder.take(key, 1_000n, 1_000n); // yesterday's in-flight 800 does not count today
    settleBudget(late, 800n); // settles after midnight: counted on Dec 31
    await sleep(50);
    expect(await a.holder.take(key, 1n, 1n).catch((e: unknown) => isAppError(e) && e.code)).toBe("budget_exhausted");
    settleBudget(early, 600n);
    const s = await settled(a.holder, key.keyId);
    expect([s.spentDay, s.spentMonth, s.spentTotal]).toEqual([600n, 600n, 1_400n]);
    expect((await a.holder.take(key, 1_000n, 1n)).amount).toBe(400n);
  });

  it("large BigInt values stay exact (far beyond 2^53 units)", async () => {
    const [a, b] = [await processLike(), await processLike()];
    const budget = 123_456_789_012_345_678_901_234n; // ~1.2·10¹¹ USD in 10⁻¹² units
    const key = await budgetedKey({ budgetTotal: 9_000_000_000_000_000_000n });
    const big = { ...key, budgetTotal: budget }; // above Postgres's bigint: the limit travels per request
    const step = 9_007_199_254_740_993n * 1_000_001n; // 2^53 + 1, scaled: not a double
    const taken: BudgetReservation[] = [];
    let held = 0n;
    for (let i = 0; i < 6; i++) {
      const r = await (i % 2 ? a : b).holder.take(big, step + BigInt(i), 1n);
      taken.push(r);
      held += r.amount;
    }
    expect(taken.map((r) => r.amount)).toEqual(taken.map((_, i) => step + BigInt(i)));
    const rest = await a.holder.take(big, budget, 1n); // capped: exactly what is left
    expect(rest.amount).toBe(budget - held);
    for (const r of taken) settleBudget(r, r.amount - 999_999_999_999n);
    settleBudget(rest, 1n);
    const s = await settled(a.holder, key.keyId);
    expect(s.spentTotal).toBe(held - 6n * 999_999_999_999n + 1n);
    expect((await b.holder.take(big, budget, 1n)).amount).toBe(budget - s.spentTotal);
  });

  it("a dead process's reservations lapse with their lease: the budget is not frozen", async () => {
    const [dead, alive] = [await processLike(REDIS_URL, 300), await processLike(REDIS_URL, 300)];
    const key = await budgetedKey({ budgetTotal: 1_000n });
    await dead.holder.take(key, 1_000n, 1_000n); // never settled: its process "died"
    expect(await alive.holder.take(key, 1n, 1n).catch((e: unknown) => isAppError(e) && e.code)).toBe("budget_exhausted");
    await sleep(400);
    const r = await alive.holder.take(key, 1_000n, 1_000n);
    expect(r.amount).toBe(1_000n);
    settleBudget(r, 0n);
    expect((await settled(alive.holder, key.keyId)).heldTotal).toBe(0n);
  });

  it("a slow reply is waited for (up to 1 s), not taken for Redis down: no per-process overspend", async () => {
    // Another client keeps Redis busy for 300 ms (a busy event loop looks the same to a take).
    const blocker = new RedisLink(REDIS_URL!, { commandTimeoutMs: 5_000 });
    links.push(blocker);
    expect(await blocker.ready()).toBe(true);
    const { holder } = await processLike();
    const key = await budgetedKey({ budgetTotal: 1_000n });
    const before = redisHealth().failOpen;
    const busy = blocker.client.eval(`local t = redis.call('TIME')
      local s = t[1] * 1000000 + t[2]
      while true do
        local n = redis.call('TIME')
        if n[1] * 1000000 + n[2] - s > 300000 then return 1 end
      end`, 0);
    await sleep(20);
    const r = await holder.take(key, 400n, 400n);
    await busy;
    expect(r.kind).toBe("shared");
    expect(redisHealth().failOpen).toBe(before);
    settleBudget(r, 0n);
  });

  it("Redis stopped: the request is counted in process (fail open, counted); sharing resumes", async () => {
    const port = await freePort();
    const dataDir = path.join(os.tmpdir(), `switchyard-redis-${randomUUID()}`);
    let redis = await startLocalRedis({ dataDir, port });
    try {
      const { link, holder } = await processLike(redis.url);
      const key = await budgetedKey({ budgetTotal: 1_000n });
      const r0 = await holder.take(key, 400n, 400n);
      expect(r0.kind).toBe("shared");
      await redis.stop();
      const before = redisHealth().failOpen;
      // A call already on its way when Redis went away fails at once (no offline queue) → in process.
      const during = await holder.take(key, 500n, 500n);
      expect(during.kind).toBe("local");
      for (let i = 0; i < 50 && link.up; i++) await sleep(20);
      expect(link.up).toBe(false);
      expect(holder.tryTake(key, 100n)?.kind).toBe("local"); // per process: Postgres's spend, its own holds
      expect(redisHealth().failOpen - before).toBe(2);
      settleBudget(during, 0n);
      redis = await startLocalRedis({ dataDir, port });
      expect(await link.ready(5_000)).toBe(true);
      expect((await holder.take(key, 100n, 100n)).kind).toBe("shared"); // re-seeded (Redis came back empty)
    } finally {
      await redis.stop();
    }
  });
});
