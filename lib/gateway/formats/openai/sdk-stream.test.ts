// Our SSE bytes and error bodies, served over real HTTP and read by the official `openai`
// SDK: its stream parser and helpers must reconstruct exactly what the canonical chunks say.
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import type { CanonicalChunk, CanonicalResponse } from "@/lib/providers/types";
import { jsonReply, startLocalServer, type LocalServer, type ScriptedReply } from "../testing/local-server";
import { AppError } from "@/lib/errors";
import { openAIErrorBody, serializeStreamError } from "./errors";
import { chunkSerializer, serializeUsageChunk, SSE_DONE, toChatCompletion } from "./response";

const MODEL = "anthropic/claude-sonnet-4-5";
const USAGE = { prompt_tokens: 30, completion_tokens: 9, total_tokens: 39, cached_tokens: 10 };
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(reply: ScriptedReply): Promise<OpenAI> {
  server = await startLocalServer(() => reply);
  return new OpenAI({ apiKey: "sk-sy-test", baseURL: `${server.url}/v1`, maxRetries: 0 });
}

function chunk(delta: CanonicalChunk["delta"], finish: CanonicalChunk["finish_reason"] = null): CanonicalChunk {
  // Upstream id without the chatcmpl- prefix (e.g. from Anthropic): the serializer adds it.
  return { id: "msg_01abc", created: 1_730_000_000, model: "claude-sonnet-4-5-20250929", delta, finish_reason: finish };
}

function sse(chunks: CanonicalChunk[], withUsage: boolean): ScriptedReply {
  const events = chunks.map(chunkSerializer(MODEL));
  if (withUsage) events.push(serializeUsageChunk("msg_01abc", 1_730_000_000, MODEL, USAGE));
  events.push(SSE_DONE);
  return { chunks: events };
}

describe("OpenAI chunk serializer read by the openai SDK", () => {
  it("streams text (incl. multi-byte characters) and the final usage chunk", async () => {
    const client = await clientFor(
      sse(
        [
          chunk({ role: "assistant", content: "" }),
          chunk({ content: "Héllo" }),
          chunk({ content: " wörld 👋, \"quoted\"\n" }),
          chunk({}, "stop"),
        ],
        true,
      ),
    );
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    const seen: OpenAI.ChatCompletionChunk[] = [];
    for await (const c of stream) {
      seen.push(c);
      text += c.choices[0]?.delta.content ?? "";
    }
    expect(text).toBe('Héllo wörld 👋, "quoted"\n');
    expect(seen.every((c) => c.id === "chatcmpl-msg_01abc" && c.model === MODEL && c.object === "chat.completion.chunk")).toBe(true);
    expect(seen[3]!.choices[0]!.finish_reason).toBe("stop");
    const last = seen[seen.length - 1]!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 30, completion_tokens: 9, total_tokens: 39, prompt_tokens_details: { cached_tokens: 10 } });
  });

  it("streams two tool calls whose arguments arrive in pieces; stream().finalChatCompletion() rebuilds them", async () => {
    const client = await clientFor(
      sse(
        [
          chunk({ role: "assistant" }),
          chunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] }),
          chunk({ tool_calls: [{ index: 1, id: "call_2", type: "function", function: { name: "get_time", arguments: '{"tz":"CET"}' } }] }),
          chunk({}, "tool_calls"),
        ],
        true,
      ),
    );
    const final = await client.chat.completions
      .stream({ model: MODEL, messages: [{ role: "user", content: "?" }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
    expect(final.choices[0]!.message.tool_calls).toEqual([
      { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
      { id: "call_2", type: "function", function: { name: "get_time", arguments: '{"tz":"CET"}' } },
    ]);
    expect(final.usage?.total_tokens).toBe(39);
  });

  it("an error event after the first byte makes the SDK throw with our message", async () => {
    const client = await clientFor({
      chunks: [
        chunkSerializer(MODEL)(chunk({ role: "assistant", content: "Partial" })),
        serializeStreamError(openAIErrorBody(new AppError("upstream_error", "The provider dropped the connection.")).error),
      ],
    });
    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }], stream: true });
    let text = "";
    const consume = async () => {
      for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
    };
    await expect(consume()).rejects.toMatchObject({ message: expect.stringContaining("The provider dropped the connection."), type: "upstream_error" });
    expect(text).toBe("Partial");
  });
});

describe("OpenAI JSON bodies read by the openai SDK", () => {
  it("a chat.completion with tool calls", async () => {
    const res: CanonicalResponse = {
      id: "chatcmpl-xyz",
      created: 1_730_000_001,
      model: "gpt-4.1-mini",
      message: { role: "assistant", content: null, tool_calls: [{ id: "call_9", type: "function", function: { name: "f", arguments: "{}" } }] },
      finish_reason: "tool_calls",
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    };
    const client = await clientFor(jsonReply(200, toChatCompletion(res, MODEL)));
    const out = await client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "x" }] });
    expect(out).toEqual({
      id: "chatcmpl-xyz",
      object: "chat.completion",
      created: 1_730_000_001,
      model: MODEL,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: null, refusal: null, tool_calls: [{ id: "call_9", type: "function", function: { name: "f", arguments: "{}" } }] },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, prompt_tokens_details: { cached_tokens: 0 } },
    });
  });

  it.each([
    ["401", new AppError("invalid_api_key", "Invalid API key."), OpenAI.AuthenticationError, { code: "invalid_api_key", type: "authentication_error" }],
    ["402", new AppError("insufficient_credits", "Insufficient credits."), OpenAI.APIError, { status: 402, code: "insufficient_credits" }],
    ["404", new AppError("model_not_found", "The model 'nope/model' does not exist.", "model"), OpenAI.NotFoundError, { code: "model_not_found", param: "model" }],
    ["429", new AppError("rate_limit_exceeded", "Rate limit exceeded."), OpenAI.RateLimitError, { code: "rate_limit_exceeded", type: "rate_limit_error" }],
    ["503", new AppError("service_unavailable", "No provider is available."), OpenAI.InternalServerError, { status: 503, type: "upstream_error" }],
  ])("a %s AppError becomes the matching SDK exception", async (_s, err, ErrorClass, fields) => {
    const client = await clientFor(jsonReply(err.status, openAIErrorBody(err)));
    const call = client.chat.completions.create({ model: "nope/model", messages: [{ role: "user", content: "x" }] });
    await expect(call).rejects.toBeInstanceOf(ErrorClass);
    await expect(call).rejects.toMatchObject({ ...fields, message: expect.stringContaining(err.message) });
  });
});
