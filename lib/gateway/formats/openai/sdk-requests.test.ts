// Proves that what the official `openai` v6 SDK sends is accepted: the client runs with a
// fetch that captures the body and answers with our own toChatCompletion output (so the SDK
// also parses what we return).
import OpenAI from "openai";
import { zodFunction, zodResponseFormat } from "openai/helpers/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { CanonicalResponse } from "@/lib/providers/types";
import { parseChatCompletionsBody } from "./parse";
import { toChatCompletion } from "./response";

const MODEL = "openai/gpt-4.1-mini";

function textResponse(content: string): CanonicalResponse {
  return {
    id: "chatcmpl-test1",
    created: 1_730_000_000,
    model: "gpt-4.1-mini-2025-04-14",
    message: { role: "assistant", content },
    finish_reason: "stop",
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, cached_tokens: 4 },
  };
}

function capturingClient(answer: (body: Record<string, unknown>, n: number) => CanonicalResponse) {
  const bodies: Record<string, unknown>[] = [];
  const client = new OpenAI({
    apiKey: "sk-sy-test",
    baseURL: "http://gateway.invalid/v1",
    maxRetries: 0,
    fetch: async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      bodies.push(body);
      const json = toChatCompletion(answer(body, bodies.length), MODEL);
      return new Response(JSON.stringify(json), { headers: { "content-type": "application/json" } });
    },
  });
  return { client, bodies };
}

function parseOk(body: unknown) {
  const r = parseChatCompletionsBody(body);
  if (!r.ok) throw new Error(`SDK body rejected: ${JSON.stringify(r.error)}`);
  return r.value;
}

describe("openai SDK requests are accepted", () => {
  it("a typical create() with every supported option", async () => {
    const { client, bodies } = capturingClient(() => textResponse("Hi!"));
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: "system", content: "You are terse." },
        { role: "developer", content: "Answer in English." },
        {
          role: "user",
          content: [
            { type: "text", text: "Describe" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "high" } },
          ],
        },
      ],
      temperature: 0.3,
      top_p: 0.95,
      max_completion_tokens: 256,
      stop: ["\n\n", "END"],
      seed: 1,
      user: "end-user-1",
      n: 1,
      frequency_penalty: 0.1,
      parallel_tool_calls: true,
    });
    const parsed = parseOk(bodies[0]);
    expect(parsed.models).toEqual([MODEL]);
    expect(parsed.canonical).toMatchObject({ temperature: 0.3, top_p: 0.95, max_tokens: 256, stop: ["\n\n", "END"], seed: 1, user: "end-user-1" });
    expect(parsed.canonical.messages).toHaveLength(3);
    // ...and the SDK reads our response.
    expect(completion.choices[0]!.message.content).toBe("Hi!");
    expect(completion.id).toBe("chatcmpl-test1");
    expect(completion.model).toBe(MODEL);
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(4);
  });

  it("parse() with a zod response_format (json_schema)", async () => {
    const Weather = z.object({ city: z.string(), celsius: z.number() });
    const { client, bodies } = capturingClient(() => textResponse('{"city":"Oslo","celsius":-3}'));
    const completion = await client.chat.completions.parse({
      model: MODEL,
      messages: [{ role: "user", content: "Weather in Oslo?" }],
      response_format: zodResponseFormat(Weather, "weather"),
    });
    const rf = parseOk(bodies[0]).canonical.response_format;
    expect(rf).toMatchObject({ type: "json_schema", json_schema: { name: "weather", strict: true } });
    expect(completion.choices[0]!.message.parsed).toEqual({ city: "Oslo", celsius: -3 });
  });

  it("runTools() round trip: the follow-up request with tool_calls and tool results parses", async () => {
    const { client, bodies } = capturingClient((_body, n) =>
      n === 1
        ? {
            ...textResponse(""),
            message: {
              role: "assistant",
              content: null,
              tool_calls: [
                { id: "call_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
                { id: "call_b", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
              ],
            },
            finish_reason: "tool_calls",
          }
        : textResponse("Oslo -3°C, Rome 18°C"),
    );
    const runner = client.chat.completions.runTools({
      model: MODEL,
      messages: [{ role: "user", content: "Weather in Oslo and Rome?" }],
      tools: [
        zodFunction({
          name: "get_weather",
          parameters: z.object({ city: z.string() }),
          function: ({ city }) => ({ city, celsius: city === "Oslo" ? -3 : 18 }),
        }),
      ],
      tool_choice: "auto",
    });
    expect(await runner.finalContent()).toBe("Oslo -3°C, Rome 18°C");
    expect(bodies).toHaveLength(2);
    const first = parseOk(bodies[0]);
    expect(first.canonical.tools?.[0]!.function).toMatchObject({ name: "get_weather", strict: true });
    expect(first.canonical.tool_choice).toBe("auto");
    const second = parseOk(bodies[1]).canonical.messages;
    expect(second[1]).toMatchObject({ role: "assistant", tool_calls: [{ id: "call_a" }, { id: "call_b" }] });
    expect(second[2]).toEqual({ role: "tool", tool_call_id: "call_a", content: '{"city":"Oslo","celsius":-3}' });
    expect(second[3]).toMatchObject({ role: "tool", tool_call_id: "call_b" });
  });

  it("streaming options and Switchyard extensions passed as extra body fields", async () => {
    const bodies: unknown[] = [];
    const client = new OpenAI({
      apiKey: "k",
      baseURL: "http://gateway.invalid/v1",
      maxRetries: 0,
      fetch: async (_url, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return new Response("data: [DONE]\n\n", { headers: { "content-type": "text/event-stream" } });
      },
    });
    // A non-literal object: the SDK types do not know the Switchyard extensions, and the SDK
    // sends whatever the params object holds.
    const params = {
      model: "auto",
      messages: [{ role: "user" as const, content: "hi" }],
      stream: true as const,
      stream_options: { include_usage: true },
      models: ["anthropic/claude-sonnet-4-5"],
      switchyard: { optimization_goal: "latency" },
    };
    const stream = await client.chat.completions.create(params);
    for await (const _chunk of stream) void _chunk;
    const parsed = parseOk(bodies[0]);
    expect(parsed).toMatchObject({
      models: ["auto", "anthropic/claude-sonnet-4-5"],
      includeUsage: true,
      optimizationGoal: "latency",
      canonical: { stream: true },
    });
  });
});
