// Holds are fair across processes (issue #23): two processes — two sets of holds with their own
// holder names, here in one test process, asking each other through a real Redis — reserve in
// turn on a 5-credit account. Neither is refused while the balance covers its reservation, and
// the ledger agrees to the unit afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { sqlFromPool } from "@/lib/sql/executor";
import { chargedLogRow, writeChargedLogs } from "@/lib/sql/charges";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { creditsToUnits } from "@/lib/billing/money";
import { createId } from "@/lib/ids";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { chargedLog } from "@/lib/testing/spend";
import { RedisLink } from "@/lib/redis";
import { redisHoldPeers } from "@/lib/billing/settlement/hold-peers";
import { holdBookForTests, settleReservation, type Reservation } from "@/lib/billing/settlement/holds";
import { InsufficientCredits } from "@/lib/billing/settlement/hold-lifecycle";
import { accountMoney } from "@/lib/testing/money";

const REDIS_URL = process.env.REDIS_TEST_URL;
if (!REDIS_URL) throw new Error("REDIS_TEST_URL is not set: run through `npm test -- int lib/billing/settlement/fair-holds`");

async function fiveCreditAccount(): Promise<string> {
  const { userId } = await createTestUser(); // 500 credits
  const r = await applyLedgerEntry(sqlFromPool(pool()), {
    userId, kind: "adjustment", amount: -creditsToUnits(495), sourceId: `fair:${userId}`,
  });
  expect(r.status).toBe("applied");
  return userId;
}


const links: RedisLink[] = [];
async function processLike(name: string) {
  const link = new RedisLink(REDIS_URL!);
  links.push(link);
  expect(await link.ready()).toBe(true);
  const holder = `fair-${name}-${process.pid}~${process.pid}-${Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, "0")}`;
  const book = holdBookForTests({ instance: `fair-${name}`, holder }, (release) => redisHoldPeers(link, release));
  return { link, book };
}

beforeAll(() => assertTestDatabase());
afterAll(async () => {
  for (const l of links) await l.close();
  await closeDb();
});

describe("fair holds across processes", () => {
  it("two processes reserving in turn on a 5-credit account: no 402 while the balance covers them; balance = Σ ledger", async () => {
    const userId = await fiveCreditAccount();
    const [a, b] = [await processLike("a"), await processLike("b")];
    await a.link.subscribed();
    await b.link.subscribed();
    const each = creditsToUnits("0.1"); // 50 of them fit in 5 credits
    const taken: Array<{ who: typeof a; r: Reservation }> = [];
    for (let i = 0; i < 50; i++) {
      const who = i % 2 === 0 ? a : b;
      const r = who.book.tryReserve(userId, each) ?? (await who.book.reserve(userId, each));
      taken.push({ who, r });
      if (i === 0) {
        // The first grow leaves the other process at least half of what was free beyond it.
        const held = (await accountMoney(userId)).held;
        expect(held <= each + (creditsToUnits(5) - each) / 2n).toBe(true);
      }
    }
    // Every unit is reserved now: the next request, from either process, is refused.
    await expect(a.book.reserve(userId, each)).rejects.toBeInstanceOf(InsufficientCredits);
    await expect(b.book.reserve(userId, each)).rejects.toBeInstanceOf(InsufficientCredits);
    // Each process settles and writes its own charges, at exact and distinct costs.
    let total = 0n;
    for (const who of [a, b]) {
      const mine = taken.filter((t) => t.who === who);
      const logs = mine.map((t, i) => {
        const cost = each - BigInt(i) * 13n;
        total += cost;
        return chargedLog(userId, createId("req"), settleReservation(t.r, cost).charged, each);
      });
      await writeChargedLogs(logs.map((l) => chargedLogRow(l)), who.book.holder);
      await who.book.releaseIdle();
      who.book.stop();
    }
    const after = await accountMoney(userId);
    expect(after).toEqual({ balance: creditsToUnits(5) - total, held: 0n, holds: 0n, ledger: creditsToUnits(5) - total });
  });

  it("interleaved traffic from both processes (reserve, settle, charge) is never refused while the balance covers it", async () => {
    const userId = await fiveCreditAccount();
    const [a, b] = [await processLike("c"), await processLike("d")];
    await a.link.subscribed();
    await b.link.subscribed();
    const each = creditsToUnits("0.25");
    const cost = creditsToUnits("0.2");
    let refused = 0;
    let charged = 0n;
    // 24 requests of 0.2 credits = 4.8 credits: the balance covers every one.
    await Promise.all([a, b].map(async (who) => {
      for (let i = 0; i < 12; i++) {
        let r: Reservation;
        try {
          r = who.book.tryReserve(userId, each) ?? (await who.book.reserve(userId, each));
        } catch (err) {
          if (!(err instanceof InsufficientCredits)) throw err;
          refused++;
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, 5)); // the upstream call
        const s = settleReservation(r, cost);
        charged += s.charged;
        await writeChargedLogs([chargedLogRow(chargedLog(userId, createId("req"), s.charged, each))], who.book.holder);
      }
    }));
    expect(refused).toBe(0);
    for (const who of [a, b]) {
      await who.book.releaseIdle();
      who.book.stop();
    }
    expect(await accountMoney(userId)).toEqual({ balance: creditsToUnits(5) - charged, held: 0n, holds: 0n, ledger: creditsToUnits(5) - charged });
    expect(charged).toBe(creditsToUnits("4.8"));
  });
});
