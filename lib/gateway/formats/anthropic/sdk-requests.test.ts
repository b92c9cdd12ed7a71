// Proves that what the official `@anthropic-ai/sdk` sends is accepted: the client runs with a
// fetch that captures the body and answers with our toAnthropicMessage output, and the
// assistant content it hands back is replayed in the next turn, as tool-using apps do.
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import type { CanonicalResponse } from "@/lib/providers/types";
import { parseMessagesBody } from "./parse";
import { toAnthropicMessage } from "./response";

const MODEL = "anthropic/claude-sonnet-4-5";

function capturingClient(answer: (n: number) => CanonicalResponse) {
  const bodies: unknown[] = [];
  const client = new Anthropic({
    apiKey: "sk-sy-test",
    baseURL: "http://gateway.invalid",
    maxRetries: 0,
    fetch: async (_url, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      const json = toAnthropicMessage(answer(bodies.length), MODEL);
      return new Response(JSON.stringify(json), { headers: { "content-type": "application/json" } });
    },
  });
  return { client, bodies };
}

function parseOk(body: unknown) {
  const r = parseMessagesBody(body);
  if (!r.ok) throw new Error(`SDK body rejected: ${JSON.stringify(r.error)}`);
  return r.value;
}

const toolTurn: CanonicalResponse = {
  id: "chatcmpl-1",
  created: 1_730_000_000,
  model: "gpt-4.1",
  message: {
    role: "assistant",
    content: "Let me check.",
    tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }],
  },
  finish_reason: "tool_calls",
  usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, cached_tokens: 60, cache_write_tokens: 10 },
};
const finalTurn: CanonicalResponse = {
  ...toolTurn,
  id: "chatcmpl-2",
  message: { role: "assistant", content: "It is -3°C in Oslo." },
  finish_reason: "stop",
};

describe("@anthropic-ai/sdk requests are accepted", () => {
  it("a tool-use conversation round trip through messages.create()", async () => {
    const { client, bodies } = capturingClient((n) => (n === 1 ? toolTurn : finalTurn));
    const tools: Anthropic.Tool[] = [
      {
        name: "get_weather",
        description: "Current weather",
        input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        cache_control: { type: "ephemeral" },
      },
    ];
    const messages: Anthropic.MessageParam[] = [
      {
        role: "user",
        content: [
          { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQ" } },
          { type: "image", source: { type: "url", url: "https://example.com/x.png" } },
          { type: "text", text: "Weather where this photo was taken?", cache_control: { type: "ephemeral", ttl: "1h" } },
        ],
      },
    ];
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 512,
      system: [{ type: "text", text: "Use tools.", cache_control: { type: "ephemeral" } }],
      messages,
      tools,
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
      stop_sequences: ["STOP"],
      metadata: { user_id: "u-9" },
    });
    // The SDK read our message: tool_use input is an object, usage split by cache.
    expect(first.stop_reason).toBe("tool_use");
    expect(first.content).toEqual([
      { type: "text", text: "Let me check." },
      { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Oslo" } },
    ]);
    expect(first.usage).toEqual({ input_tokens: 30, output_tokens: 20, cache_read_input_tokens: 60, cache_creation_input_tokens: 10 });

    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 512,
      tools,
      messages: [
        ...messages,
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "call_1", content: [{ type: "text", text: "-3°C" }] }] },
      ],
    });
    expect(second.content).toEqual([{ type: "text", text: "It is -3°C in Oslo." }]);

    const a = parseOk(bodies[0]);
    expect(a).toMatchObject({ models: [MODEL], user: "u-9", canonical: { max_tokens: 512, stop: ["STOP"], tool_choice: "auto" } });
    expect(a.canonical.messages[0]).toEqual({ role: "system", content: [{ type: "text", text: "Use tools." }] });
    expect(a.canonical.messages[1]).toMatchObject({
      role: "user",
      content: [
        { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQ" } },
        { type: "image_url", image_url: { url: "https://example.com/x.png" } },
        { type: "text", text: "Weather where this photo was taken?" },
      ],
    });
    const b = parseOk(bodies[1]).canonical.messages;
    expect(b).toHaveLength(3);
    expect(b.slice(1)).toEqual([
      {
        role: "assistant",
        content: "Let me check.",
        tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }],
      },
      { role: "tool", tool_call_id: "call_1", content: [{ type: "text", text: "-3°C" }] },
    ]);
  });

  it("streaming requests, sampling params outside the SDK types, and extensions", async () => {
    const bodies: unknown[] = [];
    const client = new Anthropic({
      apiKey: "k",
      baseURL: "http://gateway.invalid",
      maxRetries: 0,
      fetch: async (_url, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return new Response("", { headers: { "content-type": "text/event-stream" } });
      },
    });
    // Non-literal params: temperature/top_p/top_k and the Switchyard fields are sent as-is.
    const params = {
      model: MODEL,
      max_tokens: 64,
      messages: [{ role: "user" as const, content: "hi" }],
      temperature: 0.7,
      top_p: 0.8,
      top_k: 5,
      models: ["openai/gpt-4.1-mini"],
      switchyard: { optimization_goal: "latency" },
    };
    await client.messages.stream(params).done().catch(() => undefined);
    expect(parseOk(bodies[0])).toMatchObject({
      models: [MODEL, "openai/gpt-4.1-mini"],
      optimizationGoal: "latency",
      canonical: { stream: true, temperature: 0.7, top_p: 0.8, max_tokens: 64 },
    });
  });
});
