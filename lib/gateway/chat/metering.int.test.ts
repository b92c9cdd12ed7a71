// Metering when the provider's usage is missing or the stream ends early, via both doors:
// client abort mid-stream, abort before the first byte, no usage from the provider, and an
// upstream cut mid-stream. Charged = exact catalog cost of what was generated; rest released.
import OpenAI from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countPromptTokens, countTextTokens } from "@/lib/catalog";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, costOf, creditsUnits, ledgerRows, ledgerSum, openaiFor, settledLog, sleep, useGatewayEmulator,
  type RequestLogApi,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";


/** The id of the account's first request log, once it is written (the client never saw it). */
async function firstLogId(api: ApiServer, key: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    await sleep(50);
    await flushCharges();
    const list = await fetch(`${api.baseUrl}/v1/requests`, { headers: { authorization: `Bearer ${key}` } });
    const id = ((await list.json()) as { data: Array<{ id: string }> }).data[0]?.id;
    if (id) return id;
  }
  throw new Error("no request log appeared");
}

const ctx = useGatewayEmulator({ resetEach: true });

const content = "Tell me a long story about metering";
const messages = [{ role: "user" as const, content }];
/** The gateway's own prompt count (what it bills when the provider reports no usage). */
const promptEstimate = countPromptTokens([{ role: "user", content }]);

/** The log says what was charged; check it is the exact cost and that the ledger agrees. */
async function expectChargedExactly(api: ApiServer, user: { userId: string; key: string }, log: RequestLogApi, model: string) {
  const cost = costOf(model, { prompt_tokens: log.usage.input_tokens, completion_tokens: log.usage.output_tokens });
  expect(log.cost_units).toBe(cost.toString());
  expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
  expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - cost);
  expect(BigInt(log.reserved_units)).toBeGreaterThanOrEqual(cost);
  // The reservation lived in memory (lib/billing/settlement/holds.ts); the ledger sees only the charge.
  expect(await ledgerRows(user.userId, log.id)).toEqual(cost > 0n ? [{ kind: "charge", amount: -cost, sourceId: log.id }] : []);
}

describe.each(["node", "fetch"] as const)("metering edge cases via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  it("charges a client-aborted stream for the tokens actually generated (499, estimated)", async () => {
    ctx.emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 20, replyTokens: 400 });
    const user = await createTestUser();
    const ac = new AbortController();
    const { data: stream, response } = await openaiFor(api, user.key).chat.completions
      .create({ model: "sim/gpt", messages, stream: true, stream_options: { include_usage: true } }, { signal: ac.signal })
      .withResponse();
    const requestId = response.headers.get("x-request-id")!;
    let received = "";
    let contentChunks = 0;
    const started = Date.now();
    for await (const chunk of stream) {
      const d = chunk.choices[0]?.delta.content;
      if (d) {
        received += d;
        if (++contentChunks === 5) ac.abort(); // the SDK ends the iteration quietly on abort
      }
    }
    // Events already buffered when abort() ran may still be yielded.
    expect(contentChunks).toBeGreaterThanOrEqual(5);
    expect(contentChunks).toBeLessThan(10);
    expect(Date.now() - started).toBeLessThan(5_000); // not the 20 s the whole reply takes
    await sleep(200);

    const log = await settledLog(api, user.key, requestId);
    expect(log).toMatchObject({ status: 499, stream: true, resolved_model: "sim/gpt", usage: { source: "estimated", input_tokens: promptEstimate } });
    // At least what the client saw, far less than the 400-token reply.
    expect(log.usage.output_tokens).toBeGreaterThanOrEqual(countTextTokens(received) - 1);
    expect(log.usage.output_tokens).toBeLessThan(40);
    await expectChargedExactly(api, user, log, "sim/gpt");
    // No retry or second upstream call after the client left.
    expect(ctx.emu.requests()).toHaveLength(1);
  });

  it("refunds in full when the client gives up before the first token (499, nothing generated)", async () => {
    const user = await createTestUser();
    const ac = new AbortController();
    // sim/slow: the upstream opens the stream (role chunk) at once, the first token comes after
    // 3 s. The gateway holds its own headers until real output exists (failover stays possible),
    // so the client's call is still pending when it gives up.
    const started = Date.now();
    const pending = openaiFor(api, user.key).chat.completions
      .create({ model: "sim/slow", messages, stream: true }, { signal: ac.signal }).then(() => null, (err: unknown) => err);
    setTimeout(() => ac.abort(), 300);
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
    const log = await settledLog(api, user.key, await firstLogId(api, user.key));
    expect(log).toMatchObject({ status: 499, stream: true, cost_units: "0", usage: { source: "none", output_tokens: 0 } });
    expect((await ledgerRows(user.userId, log.id)).map((r) => r.kind)).toEqual([]); // refunded in memory: no ledger row
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS);
  });

  it("logs 499 and refunds when the client leaves while the gateway waits to retry a 429", async () => {
    const user = await createTestUser();
    const ac = new AbortController();
    // sim/rate-limited: 429 with retry-after 1 s; the gateway waits (≤ 1 s) before its one retry.
    const pending = openaiFor(api, user.key).chat.completions
      .create({ model: "sim/rate-limited", messages }, { signal: ac.signal }).then(() => null, (err: unknown) => err);
    while (ctx.emu.requests().length === 0) await sleep(5);
    await sleep(100);
    ac.abort();
    const e = await pending;
    expect(e).toBeInstanceOf(OpenAI.APIUserAbortError);
    const log = await settledLog(api, user.key, await firstLogId(api, user.key));
    expect(log).toMatchObject({ status: 499, cost_units: "0", usage: { source: "none" } });
    expect(log.attempts.map((a) => a.status)).toEqual([429]);
    expect((await ledgerRows(user.userId, log.id)).map((r) => r.kind)).toEqual([]); // refunded in memory: no ledger row
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS);
  });

  it.each([false, true])("bills counted tokens when the provider reports no usage (stream: %s)", async (stream) => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    let text = "";
    let usage: ChatCompletionChunk["usage"] = null;
    let requestId: string;
    if (stream) {
      const r = await client.chat.completions.create({ model: "sim/no-usage", messages, stream, stream_options: { include_usage: true } }).withResponse();
      for await (const c of r.data) {
        text += c.choices[0]?.delta.content ?? "";
        if (c.usage) usage = c.usage;
      }
      requestId = r.response.headers.get("x-request-id")!;
    } else {
      const r = await client.chat.completions.create({ model: "sim/no-usage", messages }).withResponse();
      text = r.data.choices[0]!.message.content!;
      usage = r.data.usage ?? null;
      requestId = r.response.headers.get("x-request-id")!;
    }
    expect(text).toMatch(/^Simulated reply from emu-no-usage: Tell me a long story about metering/);
    const completion = countTextTokens(text);
    expect(completion).toBe(24);
    // The client is told the same counted usage that it is billed for.
    expect(usage).toMatchObject({ prompt_tokens: promptEstimate, completion_tokens: completion });
    const log = await settledLog(api, user.key, requestId);
    expect(log).toMatchObject({ status: 200, stream, usage: { source: "estimated", input_tokens: promptEstimate, output_tokens: completion } });
    await expectChargedExactly(api, user, log, "sim/no-usage");
  });

  it("reports a mid-stream cut as an in-stream error and charges only the partial generation", async () => {
    const user = await createTestUser();
    const { data: stream, response } = await openaiFor(api, user.key).chat.completions
      .create({ model: "sim/cut", messages, stream: true }).withResponse();
    let text = "";
    const outcome = await (async () => {
      for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
      return "completed";
    })().catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(OpenAI.APIError);
    expect((outcome as InstanceType<typeof OpenAI.APIError>).type).toBe("upstream_error");
    expect(text.length).toBeGreaterThan(0);
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    expect(log).toMatchObject({ status: 502, stream: true, usage: { source: "estimated", input_tokens: promptEstimate, output_tokens: countTextTokens(text) } });
    expect(log.usage.output_tokens).toBeLessThan(24);
    await expectChargedExactly(api, user, log, "sim/cut");
  });

  it("refunds a non-streaming request whose upstream body is cut on every attempt (502)", async () => {
    const user = await createTestUser();
    const e = await openaiFor(api, user.key).chat.completions.create({ model: "sim/cut", messages }).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(OpenAI.APIError);
    const err = e as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(502);
    const log = await settledLog(api, user.key, err.requestID!);
    expect(log).toMatchObject({ status: 502, cost_units: "0", usage: { source: "none" } });
    expect(log.attempts).toHaveLength(2);
    expect((await ledgerRows(user.userId, err.requestID!)).map((r) => r.kind)).toEqual([]); // refunded in memory: no ledger row
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS);
  });
});
