// Per-key limits shared through a real redis-server (REDIS_TEST_URL, started by scripts/test.ts).
// Two SharedLimiter instances on two connections stand for two processes: Redis is all they
// share. The outage test runs its own redis-server so the shared one survives.
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { RedisLink, redisHealth } from "@/lib/redis";
import { SharedLimiter } from "@/lib/limits/shared-limits";
import { settleTokensInRedis } from "@/lib/limits/redis-windows";
import { resetRateLimitsForTests, takeRateLimit, type KeyLimits } from "@/lib/limits/rate-limiter";
import { freePort } from "@/scripts/lib/postgres";
import { startLocalRedis } from "@/scripts/lib/redis";

const REDIS_URL = process.env.REDIS_TEST_URL;
if (!REDIS_URL) throw new Error("REDIS_TEST_URL is not set: run through `npm test -- int lib/limits` (scripts/test.ts starts Redis)");

type FakeResponse = { headers: Record<string, string>; afters: Array<() => void>; setHeader(n: string, v: string): void; after(fn: () => void): void; finish(): void };
function response(): FakeResponse {
  const r: FakeResponse = {
    headers: {}, afters: [],
    setHeader: (n, v) => { r.headers[n] = v; },
    after: (fn) => { r.afters.push(fn); },
    finish: () => { for (const fn of r.afters.splice(0)) fn(); },
  };
  return r;
}

const links: RedisLink[] = [];
async function processLike(url = REDIS_URL!): Promise<{ link: RedisLink; limiter: SharedLimiter }> {
  const link = new RedisLink(url);
  links.push(link);
  expect(await link.ready()).toBe(true);
  return { link, limiter: new SharedLimiter(() => link) };
}

const keyWith = (l: Partial<Omit<KeyLimits, "keyId">>): KeyLimits =>
  ({ keyId: `k_${randomUUID()}`, rpmLimit: null, tpmLimit: null, concurrencyLimit: null, ...l });

/** What the pipeline does (run-chat.ts): shared when Redis is up, else the in-process windows. */
async function admit(limiter: SharedLimiter, key: KeyLimits, res = response(), tokens = 0): Promise<"ok" | "429"> {
  try {
    if (limiter.use(key)) await limiter.take(key, res, { slot: true, request: true, tokens });
    else takeRateLimit(key.keyId, { rpm: key.rpmLimit, tpm: key.tpmLimit }, tokens);
    return "ok";
  } catch (err) {
    if (isAppError(err) && err.code === "rate_limit_exceeded") return "429";
    throw err;
  }
}

afterEach(() => resetRateLimitsForTests());
afterAll(async () => {
  for (const l of links) await l.close();
});

describe("limits shared through Redis", () => {
  it("two processes under RPM 10 admit exactly 10 of 30 calls, with the usual 429 and headers", async () => {
    const [a, b] = [await processLike(), await processLike()];
    const key = keyWith({ rpmLimit: 10 });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => admit(i % 2 ? a.limiter : b.limiter, key)));
    expect(results.filter((r) => r === "ok")).toHaveLength(10);
    const res = response();
    const err = await b.limiter.take(key, res, { slot: false, request: true, tokens: 0 }).catch((e: unknown) => e);
    expect(isAppError(err) && err.headers).toMatchObject({
      "x-ratelimit-limit-requests": "10", "x-ratelimit-remaining-requests": "0", "retry-after": expect.stringMatching(/^[1-9]\d*$/),
    });
    expect(isAppError(err) && err.message).toMatch(/^Rate limit reached: 10 requests per minute for this key\./);
    // An admitted request carries the window as it now stands.
    const other = keyWith({ rpmLimit: 3 });
    const ok = response();
    await a.limiter.take(other, ok, { slot: false, request: true, tokens: 0 });
    expect(ok.headers).toMatchObject({ "x-ratelimit-limit-requests": "3", "x-ratelimit-remaining-requests": "2", "x-ratelimit-reset-requests": "60s" });
  });

  it("concurrency slots are shared, and given back after the response", async () => {
    const [a, b] = [await processLike(), await processLike()];
    const key = keyWith({ concurrencyLimit: 2 });
    const [r1, r2, r3] = [response(), response(), response()];
    expect(await admit(a.limiter, key, r1)).toBe("ok");
    expect(await admit(b.limiter, key, r2)).toBe("ok");
    expect(await admit(a.limiter, key, r3)).toBe("429");
    r1.finish(); // a's first request ends: its slot goes back (a ZREM, fire and forget)
    await a.link.client.ping();
    expect(await admit(b.limiter, key, r3)).toBe("ok");
  });

  it("TPM counts across processes, and a settlement correction frees what was not used", async () => {
    const [a, b] = [await processLike(), await processLike()];
    const key = keyWith({ tpmLimit: 1000 });
    const started = Date.now();
    expect(await admit(a.limiter, key, response(), 800)).toBe("ok");
    const refused = response();
    expect(await admit(b.limiter, key, refused, 300)).toBe("429");
    expect(await admit(b.limiter, key, response(), 1001)).toBe("429"); // never fits
    settleTokensInRedis(key.keyId, 100 - 800, started, a.link); // used 100 of the 800 counted
    await a.link.client.ping();
    const res = response();
    expect(await admit(b.limiter, key, res, 300)).toBe("ok");
    expect(res.headers["x-ratelimit-remaining-tokens"]).toBe("600");
  });

  it("Redis stopped mid-traffic: requests keep flowing on per-process limits (counted), then sharing resumes", async () => {
    const port = await freePort();
    const dataDir = path.join(os.tmpdir(), `switchyard-redis-${randomUUID()}`);
    let redis = await startLocalRedis({ dataDir, port });
    try {
      const [a, b] = [await processLike(redis.url), await processLike(redis.url)];
      const key = keyWith({ rpmLimit: 5 });
      expect(await admit(a.limiter, key)).toBe("ok");
      expect(await admit(b.limiter, key)).toBe("ok");
      await redis.stop();
      const failOpenBefore = redisHealth().failOpen;
      // A call already on its way when Redis went away: fails at once (no offline queue) → in process.
      await a.limiter.take(key, response(), { slot: false, request: true, tokens: 0 });
      for (let i = 0; i < 50 && (a.link.up || b.link.up); i++) await new Promise((r) => setTimeout(r, 20));
      expect(a.link.up).toBe(false);
      // Per-process windows: this process admits 5 in its own minute (it counted one above).
      const during = await Promise.all(Array.from({ length: 8 }, () => admit(a.limiter, key)));
      expect(during.filter((r) => r === "ok")).toHaveLength(4);
      expect(redisHealth().failOpen - failOpenBefore).toBe(9);
      // Redis back (empty: no persistence): both reconnect by themselves and share again.
      redis = await startLocalRedis({ dataDir, port });
      expect(await a.link.ready(5_000)).toBe(true);
      expect(await b.link.ready(5_000)).toBe(true);
      const after = await Promise.all(Array.from({ length: 15 }, (_, i) => admit(i % 2 ? a.limiter : b.limiter, key)));
      expect(after.filter((r) => r === "ok")).toHaveLength(5);
    } finally {
      await redis.stop();
    }
  });

  it("measures the added latency of one limited request (the Lua round trip on 127.0.0.1)", async () => {
    const { limiter } = await processLike();
    const key = keyWith({ rpmLimit: 1_000_000, tpmLimit: 1_000_000_000, concurrencyLimit: 1_000 });
    const times: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const res = response();
      const t0 = performance.now();
      await limiter.take(key, res, { slot: true, request: true, tokens: 100 });
      times.push(performance.now() - t0);
      res.finish();
    }
    times.sort((x, y) => x - y);
    const p = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(3);
    console.log(`shared limits round trip over ${times.length} requests: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`);
    expect(times.length).toBe(2_000);
  });
});
