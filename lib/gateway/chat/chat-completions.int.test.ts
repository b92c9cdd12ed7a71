// POST /v1/chat/completions through the official OpenAI SDK, via both doors: content, usage,
// headers, exact metering (balance and request log), tool round trips, JSON modes.
import type OpenAI from "openai";
import type { ChatCompletion, ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, costOf, creditsUnits, ledgerRows, ledgerSum, openaiFor, priceOf, settledLog, useGatewayEmulator,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

// emu-chat keeps its 80-token reply and a real token-by-token stream, only faster.
const ctx = useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 20, tokensPerSecond: 1000 }) });

const weatherTool: ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city", "unit"],
      additionalProperties: false,
    },
  },
};

type Usage = NonNullable<ChatCompletion["usage"]>;
const flat = (u: Usage) => ({
  prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, cached_tokens: u.prompt_tokens_details?.cached_tokens ?? 0,
});

describe.each(["node", "fetch"] as const)("chat completions via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  // All three upstream wire formats answer from the emulator's emu-chat (80-token replies).
  const formats = [["sim/gpt", "openai"], ["sim/claude", "anthropic"], ["sim/gemini", "gemini"]] as const;

  it.each(formats)("answers non-streaming (%s, %s upstream) with usage and headers; charges exactly the catalog cost", async (model, format) => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const before = ctx.emu.requests().length;
    const { data, response } = await client.chat.completions.create({
      model, messages: [{ role: "user", content: "Say hello to the integration test please" }],
    }).withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.model).toBe(model);
    expect(ctx.emu.requests().slice(before).map((r) => [r.format, r.model])).toEqual([[format, "emu-chat"]]);
    expect(data.choices[0]!.message.content).toMatch(/^Simulated reply from emu-chat: Say hello to the integration test please/);
    expect(data.choices[0]!.finish_reason).toBe("stop");
    const usage = data.usage!;
    expect(usage.completion_tokens).toBe(80); // emu-chat replyTokens
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get("x-switchyard-model")).toBe(model);

    const log = await settledLog(api, user.key, requestId);
    const cost = costOf(model, flat(usage));
    expect(cost).toBeGreaterThan(0n);
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - cost);
    const price = priceOf(model);
    expect(log).toMatchObject({
      id: requestId, endpoint: "chat.completions", requested_model: model, resolved_model: model, provider: "emulator",
      status: 200, stream: false, cost_units: cost.toString(),
      usage: { input_tokens: usage.prompt_tokens, output_tokens: 80, cached_tokens: 0, source: "provider" },
      price: { modelId: model, inputPerToken: price.inputPerToken.toString(), outputPerToken: price.outputPerToken.toString() },
    });
    expect(log.attempts).toEqual([expect.objectContaining({ model, status: 200 })]);
    const reserved = BigInt(log.reserved_units);
    expect(reserved).toBeGreaterThan(cost);
    expect(await ledgerRows(user.userId, requestId)).toEqual([{ kind: "charge", amount: -cost, sourceId: requestId }]);
  });

  it.each(formats)("streams %s (%s upstream) with include_usage: chunks reassemble the reply, the usage chunk is billed exactly", async (model) => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const { data: stream, response } = await client.chat.completions.create({
      model, messages: [{ role: "user", content: "Stream me a short answer" }],
      stream: true, stream_options: { include_usage: true },
    }).withResponse();
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-switchyard-model")).toBe(model);
    let text = "";
    let chunks = 0;
    let usage: Usage | null = null;
    let finish: string | null = null;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.model).toBe(model);
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toMatch(/^Simulated reply from emu-chat: Stream me a short answer/);
    expect(chunks).toBeGreaterThan(20);
    expect(finish).toBe("stop");
    expect(usage).not.toBeNull();
    expect(usage!.completion_tokens).toBe(80);

    const requestId = response.headers.get("x-request-id")!;
    const log = await settledLog(api, user.key, requestId);
    const cost = costOf(model, flat(usage!));
    expect(log).toMatchObject({
      status: 200, stream: true, cost_units: cost.toString(),
      usage: { input_tokens: usage!.prompt_tokens, output_tokens: 80, source: "provider" },
    });
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
  });

  it("streams without include_usage: no usage chunk, still billed from provider usage", async () => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const { data: stream, response } = await client.chat.completions.create({
      model: "sim/fast", messages: [{ role: "user", content: "hi" }], stream: true,
    }).withResponse();
    let sawUsage = false;
    for await (const chunk of stream) if (chunk.usage) sawUsage = true;
    expect(sawUsage).toBe(false);
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    expect(log.usage.source).toBe("provider");
    expect(log.usage.output_tokens).toBe(24);
    const cost = costOf("sim/fast", { prompt_tokens: log.usage.input_tokens, completion_tokens: 24 });
    expect(log.cost_units).toBe(cost.toString());
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
  });

  it("completes a tool-call round trip (non-streaming)", async () => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "What is the weather in Lisbon?" }];
    const first = await client.chat.completions.create({ model: "sim/gpt", messages, tools: [weatherTool] });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    const call = choice.message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function tool call");
    expect(call.id.length).toBeGreaterThan(0);
    expect(call.function.name).toBe("get_weather");
    const args = JSON.parse(call.function.arguments) as { city: unknown; unit: unknown };
    expect(typeof args.city).toBe("string");
    expect(["celsius", "fahrenheit"]).toContain(args.unit);

    messages.push(choice.message, { role: "tool", tool_call_id: call.id, content: "sunny and twenty one degrees" });
    const second = await client.chat.completions.create({ model: "sim/gpt", messages, tools: [weatherTool] });
    expect(second.choices[0]!.finish_reason).toBe("stop");
    expect(second.choices[0]!.message.content).toContain("the tool returned sunny and twenty one degrees");
  });

  it("streams a tool call that the SDK reassembles, then answers the tool result in a stream", async () => {
    const user = await createTestUser();
    const client: OpenAI = openaiFor(api, user.key);
    const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "Weather in Oslo, streamed" }];
    const runner = client.chat.completions.stream({
      model: "sim/gpt", messages, tools: [weatherTool], stream_options: { include_usage: true },
    });
    let argFragments = 0;
    runner.on("tool_calls.function.arguments.delta", () => void argFragments++);
    const final = await runner.finalChatCompletion();
    expect(argFragments).toBeGreaterThan(1); // arguments really arrived in pieces
    const message = final.choices[0]!.message;
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
    const call = message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function tool call");
    expect(call.function.name).toBe("get_weather");
    const args = JSON.parse(call.function.arguments) as { city: unknown; unit: unknown };
    expect(typeof args.city).toBe("string");
    expect(["celsius", "fahrenheit"]).toContain(args.unit);
    expect(final.usage?.completion_tokens).toBeGreaterThan(0);

    messages.push({ role: "assistant", content: null, tool_calls: [call] },
      { role: "tool", tool_call_id: call.id, content: "foggy" });
    const answer = await client.chat.completions.stream({ model: "sim/gpt", messages, tools: [weatherTool] }).finalContent();
    expect(answer).toContain("the tool returned foggy");
  });

  it("returns parseable JSON for response_format json_object", async () => {
    const user = await createTestUser();
    const res = await openaiFor(api, user.key).chat.completions.create({
      model: "sim/gpt", response_format: { type: "json_object" },
      messages: [{ role: "system", content: "Answer in JSON." }, { role: "user", content: "Give me a JSON greeting" }],
    });
    const parsed = JSON.parse(res.choices[0]!.message.content!) as { reply?: unknown };
    expect(typeof parsed.reply).toBe("string");
  });

  it("returns JSON matching a json_schema (streamed too)", async () => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const format = {
      type: "json_schema" as const,
      json_schema: {
        name: "person", strict: true,
        schema: {
          type: "object", additionalProperties: false, required: ["name", "age", "tags"],
          properties: { name: { type: "string" }, age: { type: "integer" }, tags: { type: "array", items: { type: "string" } } },
        },
      },
    };
    const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "Describe a person" }];
    const check = (content: string | null) => {
      const p = JSON.parse(content!) as { name: unknown; age: unknown; tags: unknown };
      expect(typeof p.name).toBe("string");
      expect(Number.isInteger(p.age)).toBe(true);
      expect(Array.isArray(p.tags)).toBe(true);
      expect(Object.keys(p).sort()).toEqual(["age", "name", "tags"]);
    };
    check((await client.chat.completions.create({ model: "sim/gpt", messages, response_format: format })).choices[0]!.message.content);
    check(await client.chat.completions.stream({ model: "sim/gpt", messages, response_format: format }).finalContent());
  });
});
