// Failover along the `models` chain and the circuit breaker, via both doors, with the OpenAI
// SDK: the answer comes from the fallback, the log shows every attempt, the charge is the
// fallback's exact cost, and an open breaker skips the upstream without calling it.
import OpenAI from "openai";
import type {
  ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breakerState } from "@/lib/routing/breaker";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, costOf, creditsUnits, ledgerRows, openaiFor, settledLog, useGatewayEmulator,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

const ctx = useGatewayEmulator({ resetEach: true });

type Chain = { model: string; models: string[] };
const hi = [{ role: "user" as const, content: "hello failover" }];
const upstreamCalls = (model: string) => ctx.emu.requests().filter((r) => r.model === model).length;

describe.each(["node", "fetch"] as const)("failover via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  it("falls over from a down model to the next one; billed at the fallback's price", async () => {
    const user = await createTestUser();
    const body: ChatCompletionCreateParamsNonStreaming & Chain = { model: "sim/down", models: ["sim/gpt"], messages: hi };
    const { data, response } = await openaiFor(api, user.key).chat.completions.create(body).withResponse();
    expect(data.model).toBe("sim/gpt");
    expect(data.choices[0]!.message.content).toMatch(/^Simulated reply from emu-chat: hello failover/);
    expect(response.headers.get("x-switchyard-model")).toBe("sim/gpt");
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    expect(log).toMatchObject({ requested_model: "sim/down", resolved_model: "sim/gpt", status: 200, price: { modelId: "sim/gpt" } });
    expect(log.attempts.map((a) => [a.model, a.status])).toEqual([["sim/down", 503], ["sim/gpt", 200]]);
    const cost = costOf("sim/gpt", { prompt_tokens: data.usage!.prompt_tokens, completion_tokens: data.usage!.completion_tokens });
    expect(log.cost_units).toBe(cost.toString());
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
  });

  it("falls over before the first byte of a stream, across wire formats (→ sim/claude)", async () => {
    const user = await createTestUser();
    const body: ChatCompletionCreateParamsStreaming & Chain = {
      model: "sim/rate-limited", models: ["sim/claude"], messages: hi, stream: true, stream_options: { include_usage: true },
    };
    const { data: stream, response } = await openaiFor(api, user.key).chat.completions.create(body).withResponse();
    expect(response.headers.get("x-switchyard-model")).toBe("sim/claude");
    let text = "";
    let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? "";
      if (c.usage) usage = c.usage;
    }
    expect(text).toMatch(/^Simulated reply from emu-chat: hello failover/);
    expect(ctx.emu.requests().map((r) => [r.model, r.format])).toEqual([["emu-rate-limited", "openai"], ["emu-chat", "anthropic"]]);
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    expect(log.attempts.map((a) => [a.model, a.status])).toEqual([["sim/rate-limited", 429], ["sim/claude", 200]]);
    const cost = costOf("sim/claude", usage!);
    expect(log).toMatchObject({ stream: true, resolved_model: "sim/claude", cost_units: cost.toString(), usage: { source: "provider" } });
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
  });

  it("retries a single-model chain once (sim/flaky fails every 2nd request)", async () => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const first = await client.chat.completions.create({ model: "sim/flaky", messages: hi }).withResponse();
    const second = await client.chat.completions.create({ model: "sim/flaky", messages: hi }).withResponse();
    expect(second.data.choices[0]!.message.content).toMatch(/^Simulated reply/);
    const [l1, l2] = await Promise.all([first, second].map((r) => settledLog(api, user.key, r.response.headers.get("x-request-id")!)));
    expect(l1!.attempts.map((a) => a.status)).toEqual([200]);
    expect(l2!.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(upstreamCalls("emu-flaky")).toBe(3);
  });

  it("never fails over on a non-retryable 4xx; the reservation is refunded", async () => {
    ctx.emu.setModel("emu-down", { failStatus: 400 });
    const user = await createTestUser();
    const body: ChatCompletionCreateParamsNonStreaming & Chain = { model: "sim/down", models: ["sim/gpt"], messages: hi };
    const e = await openaiFor(api, user.key).chat.completions.create(body).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    const requestId = (e as InstanceType<typeof OpenAI.BadRequestError>).requestID!;
    expect(upstreamCalls("emu-chat")).toBe(0);
    const log = await settledLog(api, user.key, requestId);
    expect(log.attempts.map((a) => [a.model, a.status])).toEqual([["sim/down", 400]]);
    expect((await ledgerRows(user.userId, requestId)).map((r) => r.kind)).toEqual([]); // refunded in memory
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS);
    expect(breakerState("emulator:sim/down")).toBe("closed");
  });

  it("opens the breaker after 3 consecutive failures and then skips the model without calling it", async () => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const body: ChatCompletionCreateParamsNonStreaming & Chain = { model: "sim/down", models: ["sim/fast"], messages: hi };
    for (let i = 0; i < 3; i++) {
      expect(breakerState("emulator:sim/down")).toBe("closed");
      await client.chat.completions.create(body);
    }
    expect(breakerState("emulator:sim/down")).toBe("open");
    expect(upstreamCalls("emu-down")).toBe(3);

    const { response } = await client.chat.completions.create(body).withResponse();
    expect(response.headers.get("x-switchyard-model")).toBe("sim/fast");
    expect(upstreamCalls("emu-down")).toBe(3);
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    expect(log.attempts).toEqual([
      expect.objectContaining({ model: "sim/down", status: null, error: "circuit open" }),
      expect.objectContaining({ model: "sim/fast", status: 200 }),
    ]);

    // With no fallback, an open breaker answers 503 + retry-after at once, refunded.
    const e = await client.chat.completions.create({ model: "sim/down", messages: hi }).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(OpenAI.InternalServerError);
    const err = e as InstanceType<typeof OpenAI.InternalServerError>;
    expect(err.status).toBe(503);
    expect(err.headers?.get("retry-after")).toBe("30");
    expect(upstreamCalls("emu-down")).toBe(3);
    const failed = await settledLog(api, user.key, err.requestID!);
    expect(failed.attempts.map((a) => a.error)).toEqual(["circuit open", "circuit open"]);
    expect((await ledgerRows(user.userId, err.requestID!)).map((r) => r.kind)).toEqual([]); // refunded in memory
  });
});
