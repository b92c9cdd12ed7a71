// Chat errors as the official OpenAI SDK sees them, via both doors — and that no error costs
// anything: refused requests never reserve, failed upstream attempts are refunded in full.
import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { sqlFromPool } from "@/lib/sql/executor";
import { pool } from "@/lib/sql/pool";
import { ATTEMPT_TIMEOUTS } from "@/lib/gateway/chat/attempts";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, balanceOf, creditsUnits, ledgerRows, ledgerSum, openaiFor, settledLog, useGatewayEmulator,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

const ctx = useGatewayEmulator();

type User = Awaited<ReturnType<typeof createTestUser>>;
const hi = [{ role: "user" as const, content: "hi" }];

async function apiError(p: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!(e instanceof OpenAI.APIError)) throw new Error(`expected an APIError, got ${String(e)}`);
  return e;
}

describe.each(["node", "fetch"] as const)("chat errors via the %s door", (door) => {
  let api: ApiServer;
  let user: User;
  let client: OpenAI;
  beforeAll(async () => {
    api = await startApiServer(door);
    user = await createTestUser();
    client = openaiFor(api, user.key);
  });
  afterAll(() => api.close());

  /** Every test here must leave the shared account untouched. */
  async function expectNothingCharged(): Promise<void> {
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS);
  }

  it("401 for a bad key (AuthenticationError, code invalid_api_key)", async () => {
    const e = await apiError(openaiFor(api, "sk-sy-" + "Z".repeat(43)).chat.completions.create({ model: "sim/gpt", messages: hi }));
    expect(e).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(e.code).toBe("invalid_api_key");
    expect(e.requestID).toMatch(/^req_/);
  });

  it("404 for an unknown model, naming the offending param", async () => {
    const e = await apiError(client.chat.completions.create({ model: "sim/does-not-exist", messages: hi }));
    expect(e).toBeInstanceOf(OpenAI.NotFoundError);
    expect(e.code).toBe("model_not_found");
    expect(e.param).toBe("model");
    const body: ChatCompletionCreateParamsNonStreaming & { models: string[] } = { model: "sim/gpt", models: ["sim/nope"], messages: hi };
    const f = await apiError(client.chat.completions.create(body));
    expect(f.status).toBe(404);
    expect(f.param).toBe("models[0]");
    await expectNothingCharged();
  });

  it.each<[string, Partial<ChatCompletionCreateParamsNonStreaming>, string]>([
    ["empty messages", { messages: [] }, "messages"],
    ["max_tokens over the model cap", { max_tokens: 16_385 }, "max_tokens"],
    ["malformed tool name", { tools: [{ type: "function", function: { name: "bad name!" } } satisfies ChatCompletionTool] }, "tools[0].function.name"],
    ["non-object tool parameters", { tools: [{ type: "function", function: { name: "f", parameters: { type: "array" } } }] }, "tools[0].function.parameters"],
  ])("400 for %s", async (_name, patch, param) => {
    const e = await apiError(client.chat.completions.create({ model: "sim/gpt", messages: hi, ...patch }));
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    expect(e.type).toBe("invalid_request_error");
    expect(e.param).toBe(param);
    await expectNothingCharged();
  });

  it("400 invalid JSON, 415 wrong content type, 413 body over the limit", async () => {
    const post = (body: string, type: string) => fetch(`${api.baseUrl}/v1/chat/completions`, {
      method: "POST", headers: { authorization: `Bearer ${user.key}`, "content-type": type }, body,
    });
    const bad = await post('{"model": "sim/gpt", "messages": [', "application/json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
    const text = await post(JSON.stringify({ model: "sim/gpt", messages: hi }), "text/plain");
    expect(text.status).toBe(415);
    const huge = JSON.stringify({ model: "sim/gpt", messages: [{ role: "user", content: "x".repeat(9 * 1024 * 1024) }] });
    const big = await post(huge, "application/json");
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("request_too_large");
    await expectNothingCharged();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a wrong type", { temperature: "hot" }, "temperature"],
    ["an unknown argument", { temprature: 0.2 }, "temprature"],
    ["a negative max_tokens", { max_tokens: -5 }, "max_tokens"],
  ])("400 for %s, naming the argument", async (_name, patch, param) => {
    const e = await apiError(client.chat.completions.create({ model: "sim/gpt", messages: hi, ...patch } as ChatCompletionCreateParamsNonStreaming));
    expect(e.status).toBe(400);
    expect(e.message).toContain(param);
    expect(e.message).not.toMatch(/\bat \S+:\d+/); // no stack trace
    await expectNothingCharged();
  });

  it.each([false, true])("502 when the upstream answers garbage (stream: %s); refunded, no stack trace", async (stream) => {
    ctx.emu.setModel("emu-chat", { garbage: true });
    try {
      const e = await apiError(client.chat.completions.create({ model: "sim/gpt", messages: hi, stream }));
      expect(e.status).toBe(502);
      expect(e.message).not.toMatch(/\bat \S+:\d+/);
      const log = await settledLog(api, user.key, e.requestID!);
      expect(log).toMatchObject({ status: 502, cost_units: "0" });
      await expectNothingCharged();
    } finally {
      ctx.emu.reset();
    }
  });

  it("504 when the upstream hangs past the first-byte timeout; refunded", async () => {
    ctx.emu.setModel("emu-chat", { hang: true });
    const saved = { ...ATTEMPT_TIMEOUTS };
    ATTEMPT_TIMEOUTS.firstByte = 300;
    try {
      const e = await apiError(client.chat.completions.create({ model: "sim/gpt", messages: hi }));
      expect(e.status).toBe(504);
      const log = await settledLog(api, user.key, e.requestID!);
      expect(log).toMatchObject({ status: 504, cost_units: "0" });
      await expectNothingCharged();
    } finally {
      Object.assign(ATTEMPT_TIMEOUTS, saved);
      ctx.emu.reset();
    }
  });

  it("429 with retry-after from a rate-limited upstream; the reservation is refunded", async () => {
    const e = await apiError(client.chat.completions.create({ model: "sim/rate-limited", messages: hi }));
    expect(e).toBeInstanceOf(OpenAI.RateLimitError);
    expect(e.headers?.get("retry-after")).toBe("1");
    const log = await settledLog(api, user.key, e.requestID!);
    expect(log).toMatchObject({ status: 429, cost_units: "0", usage: { source: "none", output_tokens: 0 } });
    expect(log.attempts.map((a) => a.status)).toEqual([429, 429]); // one retry of a single-model chain
    const reserved = BigInt(log.reserved_units);
    expect(reserved).toBeGreaterThan(0n);
    expect(await ledgerRows(user.userId, e.requestID!)).toEqual([]); // refunded in memory
    await expectNothingCharged();
  });

  it.each([false, true])("503 when the only model is down (stream: %s); reservation refunded in full", async (stream) => {
    const before = ctx.emu.requests().length;
    const e = await apiError(client.chat.completions.create({ model: "sim/down", messages: hi, stream }));
    expect(e).toBeInstanceOf(OpenAI.InternalServerError);
    expect(e.status).toBe(503);
    expect(e.code).toBe("service_unavailable");
    expect(ctx.emu.requests().length - before).toBe(2);
    const log = await settledLog(api, user.key, e.requestID!);
    expect(log).toMatchObject({ status: 503, stream, cost_units: "0", resolved_model: null, usage: { source: "none" } });
    expect(log.attempts.map((a) => [a.model, a.status])).toEqual([["sim/down", 503], ["sim/down", 503]]);
    expect(await ledgerRows(user.userId, e.requestID!)).toEqual([]); // refunded in memory
    await expectNothingCharged();
  });

  it("402 insufficient_credits when the balance cannot cover a minimal answer; nothing charged, nothing sent upstream", async () => {
    const poor = await createTestUser();
    // Less than sim/gpt's prompt + 16 output tokens. (Below the worst case but above that, the
    // output is capped instead: output-cap.int.test.ts.)
    const left = 10_000_000n;
    const drained = await applyLedgerEntry(sqlFromPool(pool()), {
      userId: poor.userId, kind: "adjustment", amount: left - SIGNUP_UNITS, sourceId: `drain:${poor.userId}`,
    });
    expect(drained).toMatchObject({ status: "applied", balance: left });
    const poorClient = openaiFor(api, poor.key);
    const before = ctx.emu.requests().length;
    for (const stream of [false, true]) {
      const e = await apiError(poorClient.chat.completions.create({ model: "sim/gpt", messages: hi, stream }));
      expect(e.status).toBe(402);
      expect(e.code).toBe("insufficient_credits");
      expect(e.type).toBe("insufficient_credits");
      expect(await ledgerRows(poor.userId, e.requestID!)).toEqual([]);
    }
    expect(ctx.emu.requests().length).toBe(before);
    expect(await balanceOf(poor.userId)).toBe(left);
    // A small max_tokens fits the same balance.
    const ok = await poorClient.chat.completions.create({ model: "sim/gpt", messages: hi, max_tokens: 2 }).withResponse();
    expect(ok.data.choices[0]!.message.content).toMatch(/^Simulated/);
    const log = await settledLog(api, poor.key, ok.response.headers.get("x-request-id")!);
    expect(await balanceOf(poor.userId)).toBe(left - BigInt(log.cost_units));
    expect(await ledgerSum(poor.userId)).toBe(left - BigInt(log.cost_units));
  });
});
