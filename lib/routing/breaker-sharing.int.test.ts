// Breakers shared through a real Redis (REDIS_TEST_URL): this process's breaker map on one
// side, a second connection standing for another process on the other, speaking the channel's
// messages. An opening here reaches it, and its openings and closings apply here, within a second.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { closeRedis, redisLink, RedisLink } from "@/lib/redis";
import { breakerAllows, breakerState, recordFailure, recordSuccess, startSharing } from "@/lib/routing/breaker";

const REDIS_URL = process.env.REDIS_TEST_URL;
if (!REDIS_URL) throw new Error("REDIS_TEST_URL is not set: run through `npm test -- int lib/routing/breaker-sharing`");
const CHANNEL = "switchyard:breakers";

let other: RedisLink;
const heard: Array<Record<string, unknown>> = [];

async function within(ms: number, check: () => boolean): Promise<number> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - t0;
}

beforeAll(async () => {
  process.env.REDIS_URL = REDIS_URL;
  resetEnvForTests();
  await closeRedis();
  expect(await redisLink()!.ready()).toBe(true);
  startSharing();
  await redisLink()!.subscribed();
  other = new RedisLink(REDIS_URL!);
  expect(await other.ready()).toBe(true);
  other.subscribe(CHANNEL, (raw) => {
    if (raw.startsWith("{")) heard.push(JSON.parse(raw) as Record<string, unknown>);
  });
  await other.subscribed();
});

afterAll(async () => {
  await other.close();
  await closeRedis();
  delete process.env.REDIS_URL;
  resetEnvForTests();
});

describe("breakers shared through Redis", () => {
  it("a breaker opened here is announced to the other processes within a second, and its closing too", async () => {
    const ref = { breakerKey: `prov/model-${randomUUID()}` };
    for (let i = 0; i < 3; i++) recordFailure(ref);
    expect(breakerState(ref)).toBe("open");
    await within(1_000, () => heard.some((m) => m.key === ref.breakerKey && m.open === true));
    expect(heard.find((m) => m.key === ref.breakerKey)).toMatchObject({ account: null, open: true, ms: 30_000 });
    recordSuccess(ref); // a probe succeeded
    await within(1_000, () => heard.some((m) => m.key === ref.breakerKey && m.open === false));
  });

  it("another process's opening applies here within a second (shared and per-account breakers), then its closing", async () => {
    const shared = { breakerKey: `prov/model-${randomUUID()}` };
    const byok = { breakerKey: shared.breakerKey, breakerAccount: "u_someone" };
    expect(breakerAllows(shared)).toBe(true);
    other.publish(CHANNEL, JSON.stringify({ from: "elsewhere", key: shared.breakerKey, account: null, open: true, ms: 30_000 }));
    other.publish(CHANNEL, JSON.stringify({ from: "elsewhere", key: byok.breakerKey, account: byok.breakerAccount, open: true, ms: 10_000 }));
    const took = await within(1_000, () => breakerState(shared) === "open" && breakerState(byok) === "open");
    expect(took).toBeLessThan(1_000);
    expect(breakerAllows(shared)).toBe(false);
    other.publish(CHANNEL, JSON.stringify({ from: "elsewhere", key: shared.breakerKey, account: null, open: false, ms: 0 }));
    await within(1_000, () => breakerState(shared) === "closed");
    expect(breakerState(byok)).toBe("open"); // only the breaker named
    // Malformed messages are ignored.
    other.publish(CHANNEL, "not json");
    other.publish(CHANNEL, JSON.stringify({ from: "elsewhere", key: shared.breakerKey, open: true, ms: 10 ** 9 }));
    await other.client.ping();
    await new Promise((r) => setTimeout(r, 50));
    expect(breakerState(shared)).toBe("closed");
  });
});
