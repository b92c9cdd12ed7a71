// POST /v1/responses through the official OpenAI SDK (both doors), on the three upstream wire
// formats the emulator speaks (sim/gpt OpenAI, sim/claude Anthropic, sim/gemini Gemini):
// the response object and its event stream, function calls both ways, structured output,
// max_output_tokens, failover and a mid-stream failure — metered and logged like chat.
import OpenAI from "openai";
import type { FunctionTool, ResponseInputItem, ResponseStreamEvent } from "openai/resources/responses/responses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, costOf, creditsUnits, ledgerSum, openaiFor, settledLog, useGatewayEmulator,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

// emu-chat keeps its 80-token reply and a real token-by-token stream, only faster.
const ctx = useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 20, tokensPerSecond: 1000 }) });

const weather: FunctionTool = {
  type: "function", name: "get_weather", description: "Current weather for a city", strict: true,
  parameters: {
    type: "object", additionalProperties: false, required: ["city", "unit"],
    properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
  },
};
const formats = [["sim/gpt", "openai"], ["sim/claude", "anthropic"], ["sim/gemini", "gemini"]] as const;

describe.each(["node", "fetch"] as const)("responses via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  it.each(formats)("responses.create on %s (%s upstream): output_text, usage, charged exactly, logged", async (model, format) => {
    const user = await createTestUser();
    const before = ctx.emu.requests().length;
    const { data, response } = await openaiFor(api, user.key).responses.create({
      model, instructions: "You are terse.", input: "Say hello to the integration test please",
    }).withResponse();
    const sent = ctx.emu.requests().slice(before);
    expect(sent.map((r) => [r.format, r.model])).toEqual([[format, "emu-chat"]]);
    expect(JSON.stringify(sent[0]!.body)).toContain("You are terse."); // instructions reached the provider
    expect(data).toMatchObject({ object: "response", status: "completed", model, store: false, instructions: "You are terse." });
    expect(data.id).toMatch(/^resp_[0-9a-f]{32}$/);
    expect(data.output_text).toMatch(/^Simulated reply from emu-chat: Say hello to the integration test please/);
    const usage = data.usage!;
    expect(usage.output_tokens).toBe(80);
    expect(usage.total_tokens).toBe(usage.input_tokens + 80);

    const requestId = response.headers.get("x-request-id")!;
    expect(data.id).toBe(`resp_${requestId.slice(4)}`);
    const log = await settledLog(api, user.key, requestId);
    const cost = costOf(model, { prompt_tokens: usage.input_tokens, completion_tokens: 80, cached_tokens: usage.input_tokens_details.cached_tokens });
    expect(log).toMatchObject({
      endpoint: "responses", requested_model: model, resolved_model: model, status: 200, stream: false, cost_units: cost.toString(),
      usage: { input_tokens: usage.input_tokens, output_tokens: 80, source: "provider" },
    });
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - cost);
  });

  it.each(formats)("streams %s (%s upstream): lifecycle events, deltas that add up, usage billed", async (model) => {
    const user = await createTestUser();
    const { data: stream, response } = await openaiFor(api, user.key).responses.create({
      model, input: [{ role: "user", content: [{ type: "input_text", text: "Stream me a short answer" }] }], stream: true,
    }).withResponse();
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events: ResponseStreamEvent[] = [];
    for await (const ev of stream) events.push(ev);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"]);
    expect(types.slice(-5)).toEqual([
      "response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    let text = "";
    for (const e of events) if (e.type === "response.output_text.delta") text += e.delta;
    expect(types.filter((t) => t === "response.output_text.delta").length).toBeGreaterThan(20);
    expect(text).toMatch(/^Simulated reply from emu-chat: Stream me a short answer/);
    const done = events.find((e) => e.type === "response.output_text.done");
    expect(done?.type === "response.output_text.done" && done.text).toBe(text);
    const completed = events.at(-1)!;
    if (completed.type !== "response.completed") throw new Error("expected response.completed");
    expect(completed.response.usage?.output_tokens).toBe(80);

    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    const u = completed.response.usage!;
    const cost = costOf(model, { prompt_tokens: u.input_tokens, completion_tokens: 80, cached_tokens: u.input_tokens_details.cached_tokens });
    expect(log).toMatchObject({ endpoint: "responses", status: 200, stream: true, cost_units: cost.toString() });
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
  });
});

describe("responses: tools, formats and failures", () => {
  let api: ApiServer;
  let client: OpenAI;
  let key: string;
  beforeAll(async () => {
    api = await startApiServer("node");
    const user = await createTestUser();
    key = user.key;
    client = openaiFor(api, key);
  });
  afterAll(() => api.close());

  it.each(formats)("function call round trip on %s (%s upstream)", async (model) => {
    const input: ResponseInputItem[] = [{ role: "user", content: "What is the weather in Lisbon?" }];
    const first = await client.responses.create({ model, input, tools: [weather], tool_choice: "required" });
    const call = first.output.find((o) => o.type === "function_call");
    if (call?.type !== "function_call") throw new Error("expected a function_call item");
    expect(call).toMatchObject({ name: "get_weather", status: "completed" });
    expect(call.call_id.length).toBeGreaterThan(0);
    const args = JSON.parse(call.arguments) as { city: unknown; unit: unknown };
    expect(typeof args.city).toBe("string");
    expect(["celsius", "fahrenheit"]).toContain(args.unit);

    // The previous output is appended as it is, then the result: stateless, like store: false.
    input.push(...(first.output as ResponseInputItem[]), { type: "function_call_output", call_id: call.call_id, output: "sunny and twenty one degrees" });
    const second = await client.responses.create({ model, input, tools: [weather] });
    // Gemini wraps a tool result in an object, which the emulator echoes with its key.
    expect(second.output_text).toMatch(/the tool returned (\w+ )?sunny and twenty one degrees/);
  });

  it("streams a function call that the responses.stream helper reassembles", async () => {
    const stream = client.responses.stream({ model: "sim/gpt", input: "Weather in Oslo, streamed", tools: [weather], tool_choice: "required" });
    let fragments = 0;
    stream.on("response.function_call_arguments.delta", () => void fragments++);
    const final = await stream.finalResponse();
    expect(fragments).toBeGreaterThan(1); // arguments really arrived in pieces
    const call = final.output.find((o) => o.type === "function_call");
    if (call?.type !== "function_call") throw new Error("expected a function_call item");
    expect(call.name).toBe("get_weather");
    expect(Object.keys(JSON.parse(call.arguments) as object).sort()).toEqual(["city", "unit"]);
  });

  it("text.format json_schema answers JSON that fits the schema", async () => {
    const r = await client.responses.create({
      model: "sim/gpt", input: "Describe a person",
      text: { format: { type: "json_schema", name: "person", strict: true, schema: {
        type: "object", additionalProperties: false, required: ["name", "age"], properties: { name: { type: "string" }, age: { type: "integer" } },
      } } },
    });
    const p = JSON.parse(r.output_text) as { name: unknown; age: unknown };
    expect(typeof p.name).toBe("string");
    expect(Number.isInteger(p.age)).toBe(true);
  });

  it("max_output_tokens cuts the answer: status incomplete, billed for what was generated", async () => {
    const { data, response } = await client.responses.create({ model: "sim/gpt", input: "Write at length", max_output_tokens: 5 }).withResponse();
    expect(data.status).toBe("incomplete");
    expect(data.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(data.usage?.output_tokens).toBe(5);
    const log = await settledLog(api, key, response.headers.get("x-request-id")!);
    expect(log.usage.output_tokens).toBe(5);
  });

  it("fails over across `models` before the first byte", async () => {
    const res = await fetch(`${api.baseUrl}/v1/responses`, {
      method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "sim/down", models: ["sim/fast"], input: "hi", stream: true }),
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("event: response.completed");
    expect(body).toContain("\"model\":\"sim/fast\"");
    const log = await settledLog(api, key, res.headers.get("x-request-id")!);
    expect(log.resolved_model).toBe("sim/fast");
    expect(log.attempts.map((a) => [a.model, a.status])).toEqual([["sim/down", 503], ["sim/fast", 200]]);
  });

  it("a stream cut mid-way ends with response.failed and is charged only for what was delivered", async () => {
    const user = await createTestUser();
    const stream = await openaiFor(api, user.key).responses.create({ model: "sim/cut", input: "Tell me a story", stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const ev of stream) events.push(ev);
    const last = events.at(-1)!;
    if (last.type !== "response.failed") throw new Error(`expected response.failed, got ${last.type}`);
    expect(last.response.error?.code).toBe("server_error");
    const deltas = events.filter((e) => e.type === "response.output_text.delta").length;
    expect(deltas).toBeGreaterThan(0);
    await expect.poll(async () => ledgerSum(user.userId), { timeout: 10_000 }).toBeLessThan(SIGNUP_UNITS);
    expect(await creditsUnits(api, user.key)).toBe(await ledgerSum(user.userId));
  });

  it("refuses stateful and malformed requests with a 400 naming the field", async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ model: "sim/gpt", input: "hi", previous_response_id: "resp_123" }, "previous_response_id", /stateless/],
      [{ model: "sim/gpt", input: [{ type: "item_reference", id: "msg_1" }] }, "input[0].type", /stateless/],
      [{ model: "sim/gpt", input: "hi", tools: [{ type: "web_search" }] }, "tools[0].type", /only 'function' tools/],
      [{ model: "sim/gpt", input: [{ role: "user", content: 42 }] }, "input[0].content", /Invalid type/],
      [{ model: "sim/gpt", input: "hi", max_output_tokens: 100_000 }, "max_output_tokens", /max_output_tokens is too large/],
      [{ model: "sim/gpt", input: "hi", store: true, background: true }, "background", /Background/],
    ];
    for (const [body, param, message] of cases) {
      const err = await client.responses.create(body as never).catch((e: unknown) => e);
      expect(err, JSON.stringify(body)).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
      expect((err as Error).message).toMatch(message);
    }
  });
});
