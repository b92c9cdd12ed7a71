// Breakers and accounts (issue #16 point 10), through the API doors against the emulator: one
// account's 429 burst does not open the shared breaker for the others; a sustained storm does,
// and the 503 then says when to retry (both API formats); a BYOK key's breaker is its
// account's alone, both ways, and metrics count BYOK breakers without naming accounts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { saveProviderKey } from "@/lib/byok/store";
import { renderMetrics } from "@/lib/observability/metrics";
import { breakerState } from "@/lib/routing/breaker";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

// BYOK needs a real-provider model: "OpenAI" is the emulator here, with a platform key too.
const ENV = {
  OPENAI_BASE_URL: "", OPENAI_API_KEY: "sk-platform-openai-key-0123456789",
  BYOK_ENCRYPTION_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
};
const saved: Record<string, string | undefined> = {};
const ctx = useGatewayEmulator({
  resetEach: true,
  setup: (emu) => {
    for (const [k, v] of Object.entries(ENV)) {
      saved[k] = process.env[k];
      process.env[k] = k === "OPENAI_BASE_URL" ? `${emu.url}/v1` : v;
    }
    resetEnvForTests();
  },
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  resetEnvForTests();
});

const SHARED = "emulator:sim/rate-limited";
const BYOK_MODEL = "openai/gpt-4o-mini";
const upstreamCalls = (model: string) => ctx.emu.requests().filter((r) => r.model === model).length;

type Format = "openai" | "anthropic";

/** One chat request in either API format; status, retry-after and the error body. */
async function chat(api: ApiServer, key: string, model: string, format: Format = "openai") {
  const messages = [{ role: "user", content: "hi" }];
  const res = await fetch(`${api.baseUrl}${format === "openai" ? "/v1/chat/completions" : "/v1/messages"}`, {
    method: "POST",
    headers: format === "openai"
      ? { authorization: `Bearer ${key}`, "content-type": "application/json" }
      : { "x-api-key": key, "anthropic-version": "2023-06-01", "content-type": "application/json" },
    body: JSON.stringify(format === "openai" ? { model, messages } : { model, max_tokens: 32, messages }),
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Record<string, unknown> };
}

/** Many requests at once (the gateway's one retry per request doubles the attempts). */
const storm = (api: ApiServer, key: string, model: string, n: number) =>
  Promise.all(Array.from({ length: n }, () => chat(api, key, model)));

describe.each(["node", "fetch"] as const)("shared breaker and 429s via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  it("one account's short 429 burst leaves the model open to the next account (both formats)", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    // 3 requests = 6 attempts answered 429: three in a row opened the breaker before.
    expect((await storm(api, a.key, "sim/rate-limited", 3)).map((r) => r.status)).toEqual([429, 429, 429]);
    const before = upstreamCalls("emu-rate-limited");
    for (const format of ["openai", "anthropic"] as const) {
      const r = await chat(api, b.key, "sim/rate-limited", format);
      expect(r.status, format).toBe(429); // the upstream's own answer, not a 503 from the breaker
      expect(r.retryAfter).toBe("1");
    }
    expect(upstreamCalls("emu-rate-limited")).toBe(before + 4);
    expect(breakerState(SHARED)).toBe("closed");
  });

  it("a sustained 429 storm opens it; the 503 carries retry-after = time to half-open (both formats)", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    // 10 requests = 20 attempts, all 429 with retry-after 1 s: the open period is the 5 s floor.
    await storm(api, a.key, "sim/rate-limited", 10);
    expect(breakerState(SHARED)).toBe("open");
    const before = upstreamCalls("emu-rate-limited");
    const openai = await chat(api, b.key, "sim/rate-limited", "openai");
    expect(openai.status).toBe(503);
    expect(Number(openai.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(openai.retryAfter)).toBeLessThanOrEqual(5);
    expect(openai.body).toMatchObject({ error: { message: expect.stringContaining(`Retry in ${openai.retryAfter} s`) } });
    const anthropic = await chat(api, b.key, "sim/rate-limited", "anthropic");
    expect(anthropic.status).toBe(503);
    expect(Number(anthropic.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(anthropic.retryAfter)).toBeLessThanOrEqual(5);
    expect(anthropic.body).toMatchObject({ type: "error" });
    expect(upstreamCalls("emu-rate-limited")).toBe(before);
  });

  it("a 5xx-opened breaker's retry-after counts down from 30 s", async () => {
    const a = await createTestUser();
    // sim/down: 2 requests = 3 failures in a row (the second's retry is already refused).
    await storm(api, a.key, "sim/down", 1);
    await chat(api, a.key, "sim/down");
    expect(breakerState("emulator:sim/down")).toBe("open");
    await new Promise((r) => setTimeout(r, 1_100));
    const r = await chat(api, a.key, "sim/down", "anthropic");
    expect(r.status).toBe(503);
    expect(Number(r.retryAfter)).toBeLessThanOrEqual(29); // not a fixed 30
    expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(25);
  });
});

describe("BYOK breakers are per account", () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer("node");
  });
  afterAll(() => api.close());

  it("an account's own key, refused outright, blocks only that account; metrics count it without naming it", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    await saveProviderKey(owner.userId, "openai", "sk-owner-own-openai-key-0123456789");
    ctx.emu.setModel("gpt-4o-mini", { failureRate: 1, failStatus: 429, retryAfterSec: 1 });
    await storm(api, owner.key, BYOK_MODEL, 10);
    ctx.emu.setModel("gpt-4o-mini", { failureRate: 0 });

    // Another account (the platform's key) is served.
    expect((await chat(api, other.key, BYOK_MODEL)).status).toBe(200);
    expect(breakerState(`openai:${BYOK_MODEL}`)).toBe("closed");
    // The owner's breaker is open: refused at once, with retry-after, the upstream not called.
    const before = upstreamCalls("gpt-4o-mini");
    const refused = await chat(api, owner.key, BYOK_MODEL);
    expect(refused.status).toBe(503);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(5);
    expect(upstreamCalls("gpt-4o-mini")).toBe(before);

    const metrics = renderMetrics();
    expect(metrics).toContain(`switchyard_byok_breakers{upstream="openai:${BYOK_MODEL}",state="open"} 1`);
    expect(metrics).toContain(`switchyard_breaker_open{upstream="openai:${BYOK_MODEL}"} 0`);
    expect(metrics).not.toContain(owner.userId);
  });

  it("the shared breaker opening leaves an account's own key alone", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    await saveProviderKey(owner.userId, "openai", "sk-owner-own-openai-key-9876543210");
    ctx.emu.setModel("gpt-4o-mini", { failureRate: 1, failStatus: 503 });
    await chat(api, other.key, BYOK_MODEL);
    await chat(api, other.key, BYOK_MODEL);
    expect(breakerState(`openai:${BYOK_MODEL}`)).toBe("open");
    ctx.emu.setModel("gpt-4o-mini", { failureRate: 0 });
    expect((await chat(api, other.key, BYOK_MODEL)).status).toBe(503);
    expect((await chat(api, owner.key, BYOK_MODEL)).status).toBe(200);
  });
});
