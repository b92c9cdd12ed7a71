import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../server";
import { matchesSchema } from "../test-support";
import { IMAGE_TOKENS, countTokens } from "../tokens";

let emu: EmulatorHandle;
let client: Anthropic;

beforeAll(async () => {
  emu = await startEmulator();
  client = new Anthropic({ apiKey: "sk-ant-test", baseURL: emu.url, maxRetries: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const weatherTool: Anthropic.Tool = {
  name: "get_weather",
  description: "Weather for a city",
  input_schema: {
    type: "object",
    properties: { city: { type: "string" }, days: { type: "integer", minimum: 2 } },
    required: ["city", "days"],
  },
};

async function events(stream: AsyncIterable<Anthropic.RawMessageStreamEvent>) {
  const out: Anthropic.RawMessageStreamEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

describe("Anthropic Messages through the official SDK", () => {
  it("answers with text, end_turn and exact usage", async () => {
    const msg = await client.messages.create({
      model: "emu-fast",
      max_tokens: 1024,
      system: "Answer briefly.",
      messages: [{ role: "user", content: "Describe the Alps" }],
    });
    expect(msg.type).toBe("message");
    expect(msg.stop_reason).toBe("end_turn");
    const block = msg.content[0];
    if (block?.type !== "text") throw new Error("expected text");
    expect(block.text).toMatch(/^Simulated reply from emu-fast: Describe the Alps /);
    expect(msg.usage).toMatchObject({
      input_tokens: countTokens("Answer briefly.") + countTokens("Describe the Alps"),
      output_tokens: 24,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
  });

  it("streams the exact Anthropic event sequence", async () => {
    const stream = await client.messages.create({
      model: "emu-fast",
      max_tokens: 1024,
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    const all = await events(stream);
    const types = all.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(["message_start", "content_block_start"]);
    expect(types.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    const deltas = all.filter((e): e is Anthropic.RawContentBlockDeltaEvent => e.type === "content_block_delta");
    const text = deltas.map((d) => (d.delta.type === "text_delta" ? d.delta.text : "")).join("");
    const final = all.find((e): e is Anthropic.RawMessageDeltaEvent => e.type === "message_delta");
    expect(final?.delta.stop_reason).toBe("end_turn");
    expect(final?.usage.output_tokens).toBe(countTokens(text));
    expect(final?.usage.output_tokens).toBe(24);
    expect(deltas.length).toBeGreaterThanOrEqual(20);

    const raw = await fetch(`${emu.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ model: "emu-fast", max_tokens: 3, stream: true, messages: [{ role: "user", content: "Hi" }] }),
    });
    expect(raw.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const names = [...(await raw.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(names).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);

    const helper = await client.messages.stream({ model: "emu-fast", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] }).finalMessage();
    expect(helper.stop_reason).toBe("max_tokens");
    expect(helper.usage.output_tokens).toBe(5);
  });

  it("reports stop_sequence with the sequence that matched", async () => {
    const msg = await client.messages.create({
      model: "emu-fast",
      max_tokens: 100,
      stop_sequences: ["zzz", " from"],
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(msg.stop_reason).toBe("stop_sequence");
    expect(msg.stop_sequence).toBe(" from");
    expect(msg.content).toEqual([{ type: "text", text: "Simulated reply" }]);
  });

  it("does a tool_use → tool_result round trip", async () => {
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "Weather in Oslo?" }];
    const first = await client.messages.create({ model: "emu-fast", max_tokens: 200, messages, tools: [weatherTool] });
    expect(first.stop_reason).toBe("tool_use");
    const use = first.content[0];
    if (use?.type !== "tool_use") throw new Error("expected tool_use");
    expect(use.name).toBe("get_weather");
    expect(matchesSchema(weatherTool.input_schema, use.input)).toBe(true);
    expect(first.usage.output_tokens).toBe(countTokens(JSON.stringify(use.input)));

    messages.push(
      { role: "assistant", content: first.content },
      { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: "Snow, minus 4 degrees" }] },
    );
    const second = await client.messages.create({ model: "emu-fast", max_tokens: 200, messages, tools: [weatherTool] });
    expect(second.stop_reason).toBe("end_turn");
    expect(second.content[0]).toMatchObject({ type: "text", text: expect.stringContaining("the tool returned Snow minus 4 degrees") });
  });

  it("streams tool input as input_json_delta fragments", async () => {
    const all = await events(
      await client.messages.create({
        model: "emu-fast",
        max_tokens: 200,
        messages: [{ role: "user", content: "Weather?" }],
        tools: [weatherTool],
        tool_choice: { type: "tool", name: "get_weather" },
        stream: true,
      }),
    );
    const start = all.find((e): e is Anthropic.RawContentBlockStartEvent => e.type === "content_block_start");
    expect(start?.content_block).toMatchObject({ type: "tool_use", name: "get_weather", input: {} });
    const json = all
      .map((e) => (e.type === "content_block_delta" && e.delta.type === "input_json_delta" ? e.delta.partial_json : ""))
      .join("");
    expect(JSON.parse(json)).toEqual({ city: "sample city", days: 2 });
    expect(all.filter((e) => e.type === "content_block_delta").length).toBeGreaterThan(5);
    const delta = all.find((e): e is Anthropic.RawMessageDeltaEvent => e.type === "message_delta");
    expect(delta?.delta.stop_reason).toBe("tool_use");
  });

  it("returns schema-valid JSON for output_config.format", async () => {
    const schema = { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } }, required: ["name", "age"], additionalProperties: false };
    const msg = await client.messages.create({
      model: "emu-fast",
      max_tokens: 300,
      messages: [{ role: "user", content: "John is 42" }],
      output_config: { format: { type: "json_schema", schema } },
    });
    const block = msg.content[0];
    if (block?.type !== "text") throw new Error("expected text");
    expect(matchesSchema(schema, JSON.parse(block.text))).toBe(true);
  });

  it("writes then reads the prompt cache at cache_control breakpoints", async () => {
    const longSystem = "Reference manual paragraph. ".repeat(400);
    const ask = (question: string) =>
      client.messages.create({
        model: "emu-fast",
        max_tokens: 50,
        system: [{ type: "text", text: longSystem, cache_control: { type: "ephemeral" } }],
        messages: [{ role: "user", content: question }],
      });
    const systemTokens = countTokens(longSystem);
    const first = await ask("Question one");
    expect(first.usage).toMatchObject({ cache_creation_input_tokens: systemTokens, cache_read_input_tokens: 0, input_tokens: countTokens("Question one") });
    const second = await ask("Question two");
    expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: systemTokens, input_tokens: countTokens("Question two") });
  });

  it("counts images at a fixed cost and matches count_tokens", async () => {
    const messages: Anthropic.MessageParam[] = [
      {
        role: "user",
        content: [
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
          { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
          { type: "text", text: "Compare these" },
        ],
      },
    ];
    const msg = await client.messages.create({ model: "emu-fast", max_tokens: 10, messages });
    expect(msg.usage.input_tokens).toBe(2 * IMAGE_TOKENS + countTokens("Compare these"));
    const counted = await client.messages.countTokens({ model: "emu-fast", messages });
    expect(counted.input_tokens).toBe(msg.usage.input_tokens);
  });

  it("omits usage for emu-no-usage", async () => {
    const raw = await fetch(`${emu.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ model: "emu-no-usage", max_tokens: 10, messages: [{ role: "user", content: "Hi" }] }),
    });
    const body: unknown = await raw.json();
    expect(body).toMatchObject({ type: "message", stop_reason: "max_tokens" });
    expect(body).not.toHaveProperty("usage");
    const all = await events(
      await client.messages.create({ model: "emu-no-usage", max_tokens: 10, messages: [{ role: "user", content: "Hi" }], stream: true }),
    );
    expect(all.some((e) => (e.type === "message_delta" && "usage" in e) || (e.type === "message_start" && "usage" in e.message))).toBe(false);
  });

  it("surfaces 503 / 429 as typed SDK errors in Anthropic's error shape", async () => {
    const down = await client.messages.create({ model: "emu-down", max_tokens: 10, messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(Anthropic.InternalServerError);
    if (!(down instanceof Anthropic.APIError)) throw down;
    expect(down.status).toBe(503);
    expect(down.error).toMatchObject({ type: "error", error: { type: "api_error" } });

    const limited = await client.messages.create({ model: "emu-rate-limited", max_tokens: 10, messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    if (!(limited instanceof Anthropic.APIError)) throw limited;
    expect(limited.headers?.get("retry-after")).toBe("1");
    expect(limited.error).toMatchObject({ error: { type: "rate_limit_error" } });
  });

  it("cuts the stream after three text deltas for emu-cut", async () => {
    const stream = await client.messages.create({ model: "emu-cut", max_tokens: 100, messages: [{ role: "user", content: "Hi" }], stream: true });
    const seen: string[] = [];
    const consume = async () => {
      for await (const e of stream) seen.push(e.type === "content_block_delta" && e.delta.type === "text_delta" ? e.delta.text : e.type);
    };
    await expect(consume()).rejects.toThrow();
    // (the SDK drops `ping` events)
    expect(seen).toEqual(["message_start", "content_block_start", "Simulated", " reply", " from"]);
  });

  it("requires x-api-key and anthropic-version", async () => {
    const noKey = await fetch(`${emu.url}/v1/messages`, { method: "POST", headers: { "anthropic-version": "2023-06-01" }, body: "{}" });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    const noVersion = await fetch(`${emu.url}/v1/messages`, { method: "POST", headers: { "x-api-key": "k" }, body: "{}" });
    expect(noVersion.status).toBe(400);
    const missingMax = await client.messages
      .create({ model: "emu-fast", messages: [{ role: "user", content: "Hi" }] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(missingMax).toBeInstanceOf(Anthropic.BadRequestError);
  });
});
