// POST /v1/messages through the official Anthropic SDK, via both doors, against an
// Anthropic-wire model (sim/claude) and across formats (sim/gpt, OpenAI wire upstream).
import Anthropic from "@anthropic-ai/sdk";
import type { Message, MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, anthropicFor, costOf, creditsUnits, ledgerSum, settledLog, useGatewayEmulator,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

// emu-chat keeps its 80-token reply and a real token-by-token stream, only faster.
const ctx = useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 20, tokensPerSecond: 1000 }) });

const weatherTool: Tool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: {
    type: "object",
    properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
    required: ["city", "unit"],
  },
};

/** Anthropic usage → the cost at the catalog price (input_tokens excludes cache reads/writes). */
function anthropicCost(model: string, u: Message["usage"]): bigint {
  const read = u.cache_read_input_tokens ?? 0;
  const write = u.cache_creation_input_tokens ?? 0;
  return costOf(model, { prompt_tokens: u.input_tokens + read + write, completion_tokens: u.output_tokens, cached_tokens: read, cache_write_tokens: write });
}

function text(m: Message): string {
  return m.content.map((b) => (b.type === "text" ? b.text : "")).join("");
}

describe.each(["node", "fetch"] as const)("Anthropic messages via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  describe.each(["sim/claude", "sim/gpt"])("model %s", (model) => {
    const upstreamFormat = model === "sim/claude" ? "anthropic" : "openai";

    it("messages.create answers text with usage and charges exactly the catalog cost", async () => {
      const user = await createTestUser();
      const client = anthropicFor(api, user.key);
      const before = ctx.emu.requests().length;
      const { data: msg, response } = await client.messages.create({
        model, max_tokens: 1024, system: "Be brief.", messages: [{ role: "user", content: "Hello from the Anthropic SDK test" }],
      }).withResponse();
      expect(ctx.emu.requests().slice(before).map((r) => r.format)).toEqual([upstreamFormat]);
      expect(msg.type).toBe("message");
      expect(msg.role).toBe("assistant");
      expect(msg.model).toBe(model);
      expect(msg.id).toMatch(/^msg_/);
      expect(text(msg)).toMatch(/^Simulated reply from emu-chat: Hello from the Anthropic SDK test/);
      expect(msg.stop_reason).toBe("end_turn");
      expect(msg.usage.output_tokens).toBe(80);
      expect(msg.usage.input_tokens).toBeGreaterThan(0);
      const requestId = response.headers.get("x-request-id")!;
      expect(response.headers.get("x-switchyard-model")).toBe(model);

      const log = await settledLog(api, user.key, requestId);
      const cost = anthropicCost(model, msg.usage);
      expect(log).toMatchObject({
        endpoint: "messages", status: 200, stream: false, resolved_model: model, cost_units: cost.toString(),
        usage: { input_tokens: msg.usage.input_tokens, output_tokens: 80, source: "provider" },
      });
      expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
      expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - cost);
    });

    it("messages.stream().finalMessage() reassembles the reply; billed from the final usage", async () => {
      const user = await createTestUser();
      const client = anthropicFor(api, user.key);
      const stream = client.messages.stream({
        model, max_tokens: 1024, messages: [{ role: "user", content: "Stream from the Anthropic SDK test" }],
      });
      let deltas = 0;
      stream.on("text", () => void deltas++);
      const msg = await stream.finalMessage();
      const { response } = await stream.withResponse();
      expect(deltas).toBeGreaterThan(20);
      expect(msg.model).toBe(model);
      expect(text(msg)).toMatch(/^Simulated reply from emu-chat: Stream from the Anthropic SDK test/);
      expect(msg.stop_reason).toBe("end_turn");
      expect(msg.usage.output_tokens).toBe(80);

      const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
      const cost = anthropicCost(model, msg.usage);
      expect(log).toMatchObject({
        endpoint: "messages", status: 200, stream: true, cost_units: cost.toString(),
        usage: { input_tokens: msg.usage.input_tokens, output_tokens: 80, source: "provider" },
      });
      expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
    });

    it("round-trips tool_use → tool_result → text (create and stream)", async () => {
      const user = await createTestUser();
      const client = anthropicFor(api, user.key);
      const messages: MessageParam[] = [{ role: "user", content: "What is the weather in Lisbon?" }];
      const first = await client.messages.create({ model, max_tokens: 1024, tools: [weatherTool], messages });
      expect(first.stop_reason).toBe("tool_use");
      const use = first.content.find((b) => b.type === "tool_use");
      if (use?.type !== "tool_use") throw new Error("expected a tool_use block");
      expect(use.id.length).toBeGreaterThan(0);
      expect(use.name).toBe("get_weather");
      const input = use.input as { city: unknown; unit: unknown };
      expect(typeof input.city).toBe("string");
      expect(["celsius", "fahrenheit"]).toContain(input.unit);

      // The same call, streamed: input_json_delta fragments become the same kind of input object.
      const streamed = await client.messages.stream({ model, max_tokens: 1024, tools: [weatherTool], messages }).finalMessage();
      expect(streamed.stop_reason).toBe("tool_use");
      const sUse = streamed.content.find((b) => b.type === "tool_use");
      if (sUse?.type !== "tool_use") throw new Error("expected a streamed tool_use block");
      expect(sUse.name).toBe("get_weather");
      expect(Object.keys(sUse.input as object).sort()).toEqual(["city", "unit"]);

      messages.push({ role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: "sunny and twenty one degrees" }] });
      const second = await client.messages.create({ model, max_tokens: 1024, tools: [weatherTool], messages });
      expect(second.stop_reason).toBe("end_turn");
      expect(text(second)).toContain("the tool returned sunny and twenty one degrees");
    });
  });

  it("surfaces a mid-stream upstream cut as an SDK error event; charges only the partial generation", async () => {
    const user = await createTestUser();
    const stream = anthropicFor(api, user.key).messages.stream({
      model: "sim/cut", max_tokens: 1024, messages: [{ role: "user", content: "cut me off" }],
    });
    let partial = "";
    stream.on("text", (t) => void (partial += t));
    const err = await stream.finalMessage().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: "error", error: { type: "api_error" } });
    expect(partial).toMatch(/^Simulated/);
    const { response } = await stream.withResponse();
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    expect(log).toMatchObject({ endpoint: "messages", status: 502, usage: { source: "estimated" } });
    expect(log.usage.output_tokens).toBeGreaterThan(0);
    expect(log.usage.output_tokens).toBeLessThan(24);
    const cost = costOf("sim/cut", { prompt_tokens: log.usage.input_tokens, completion_tokens: log.usage.output_tokens });
    expect(log.cost_units).toBe(cost.toString());
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - cost);
  });

  it("answers Anthropic-shaped errors the SDK maps to its classes (401, 404, 400)", async () => {
    const bad = anthropicFor(api, "sk-sy-" + "B".repeat(43));
    const auth = await bad.messages.create({ model: "sim/claude", max_tokens: 10, messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((auth as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: "error", error: { type: "authentication_error" } });

    const user = await createTestUser();
    const client = anthropicFor(api, user.key);
    const missing = await client.messages.create({ model: "sim/nope", max_tokens: 10, messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    const empty = await client.messages.create({ model: "sim/claude", max_tokens: 10, messages: [] }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(Anthropic.BadRequestError);
    expect((empty as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: "invalid_request_error" } });
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS);
  });
});
