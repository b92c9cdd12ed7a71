// Sign-up windows and sign-in failure counters shared through a real Redis (REDIS_TEST_URL):
// two stores on two connections stand for two processes.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { RedisLink, redisHealth } from "@/lib/redis";
import { RedisThrottleStore } from "@/lib/auth/throttle-redis-store";
import { MemoryThrottleStore } from "@/lib/auth/throttle-store";
import { beginAttempt, forgiveAttempt, takeWindowSlot, type BackoffPolicy, type Failures, type WindowCount } from "@/lib/auth/throttle";

const REDIS_URL = process.env.REDIS_TEST_URL;
if (!REDIS_URL) throw new Error("REDIS_TEST_URL is not set: run through `npm test -- int lib/auth/throttle-redis-store`");

const links: RedisLink[] = [];
async function storeOf<T>(name: string): Promise<{ link: RedisLink; store: RedisThrottleStore<T> }> {
  const link = new RedisLink(REDIS_URL!);
  links.push(link);
  expect(await link.ready()).toBe(true);
  return { link, store: new RedisThrottleStore<T>(name, () => link, new MemoryThrottleStore<T>()) };
}

afterAll(async () => {
  for (const l of links) await l.close();
});

const POLICY: BackoffPolicy = { free: 3, baseDelayMs: 1_000, maxDelayMs: 60_000, forgetAfterMs: 600_000 };

describe("throttles shared through Redis", () => {
  it("a sign-up window of 5 admits exactly 5 of 16 parallel attempts spread over two processes", async () => {
    const name = `signup-${randomUUID()}`;
    const [a, b] = [await storeOf<WindowCount>(name), await storeOf<WindowCount>(name)];
    const now = Date.now();
    const verdicts = await Promise.all(Array.from({ length: 16 }, (_, i) => takeWindowSlot(i % 2 ? a.store : b.store, "ip:10.0.0.1", 5, 600_000, now)));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(5);
    const refused = verdicts.find((v) => !v.ok);
    expect(refused && !refused.ok && refused.retryAfterMs).toBe(600_000);
    // The window ends for both at once.
    expect((await takeWindowSlot(a.store, "ip:10.0.0.1", 5, 600_000, now + 600_001)).ok).toBe(true);
  });

  it("sign-in failures counted in one process lock the account out in the other", async () => {
    const name = `signin-${randomUUID()}`;
    const [a, b] = [await storeOf<Failures>(name), await storeOf<Failures>(name)];
    const now = Date.now();
    for (let i = 0; i < 3; i++) expect((await beginAttempt(i % 2 ? a.store : b.store, "email:x", POLICY, now)).ok).toBe(true);
    expect(await beginAttempt(b.store, "email:x", POLICY, now)).toEqual({ ok: false, retryAfterMs: 1_000 });
    await forgiveAttempt(a.store, "email:x", POLICY, now); // one of them succeeded after all
    expect((await beginAttempt(b.store, "email:x", POLICY, now)).ok).toBe(true);
  });

  it("Redis unreachable: the process's own memory answers, counted as a fail-open", async () => {
    const name = `signup-${randomUUID()}`;
    const { link, store } = await storeOf<WindowCount>(name);
    await link.close();
    const before = redisHealth().failOpen;
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await takeWindowSlot(store, "ip:10.0.0.2", 2, 60_000));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, false, false]);
    expect(redisHealth().failOpen - before).toBe(4);
  });
});
