// The /compare suite (compare.int.test.ts: RPM counted once per call, sub-calls billed, a client
// leaving mid-compare) again with REDIS_URL set: the orchestration context takes its limits
// in Redis (lib/limits/shared-limits.ts) and must answer exactly as in process.
import { afterAll, expect } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { closeRedis, redisHealth, redisLink } from "@/lib/redis";

const REDIS_URL = process.env.REDIS_TEST_URL;
if (!REDIS_URL) throw new Error("REDIS_TEST_URL is not set: run through `npm test -- int lib/orchestration/compare-redis`");
process.env.REDIS_URL = REDIS_URL;
resetEnvForTests();
// Connected before the first request, or it would be counted in process (fail open).
expect(await redisLink()!.ready(5_000)).toBe(true);

const keysBefore = (await redisLink()!.client.keys("sy:lim:*")).length;
await import("@/lib/orchestration/compare.int.test");

afterAll(async () => {
  // It really went through Redis: windows were written there, and nothing failed open.
  expect((await redisLink()!.client.keys("sy:lim:*")).length).toBeGreaterThan(keysBefore);
  expect(redisHealth().failOpen).toBe(0);
  await closeRedis();
});
