// The Anthropic stream encoder's bytes, served over real HTTP and read by the official
// @anthropic-ai/sdk: its MessageStream must rebuild the text, tool_use input and usage.
import Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { CanonicalChunk, FinishReason, Usage } from "@/lib/providers/types";
import { jsonReply, startLocalServer, type LocalServer, type ScriptedReply } from "../testing/local-server";
import { anthropicError } from "./errors";
import { createAnthropicStreamEncoder } from "./stream";

const MODEL = "openai/gpt-4.1-mini";
const MSG_ID = "msg_test123";
const USAGE: Usage = { prompt_tokens: 120, completion_tokens: 42, total_tokens: 162, cached_tokens: 100, cache_write_tokens: 5 };
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function chunk(delta: CanonicalChunk["delta"]): CanonicalChunk {
  return { id: "chatcmpl-up", created: 1_730_000_000, model: "gpt-4.1-mini", delta };
}

/** Encodes a canonical stream exactly as the gateway would, one write per chunk. */
function encode(chunks: CanonicalChunk[], finish: FinishReason | { error: string }): string[] {
  const enc = createAnthropicStreamEncoder(MODEL, MSG_ID);
  const out = [enc.start(118), enc.ping()];
  for (const c of chunks) out.push(enc.push(c));
  out.push(typeof finish === "object" ? enc.error(finish.error, "overloaded_error") : enc.finish(USAGE, finish));
  return out.filter((s) => s !== "");
}

async function clientFor(reply: ScriptedReply): Promise<Anthropic> {
  server = await startLocalServer(() => reply);
  return new Anthropic({ apiKey: "sk-sy-test", baseURL: server.url, maxRetries: 0 });
}

const request = { model: MODEL, max_tokens: 256, messages: [{ role: "user" as const, content: "hi" }] };

const textThenTools: CanonicalChunk[] = [
  chunk({ role: "assistant", content: "" }),
  chunk({ content: "Checking the " }),
  chunk({ content: "weather 🌦️…" }),
  chunk({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "" } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
  // Second call: id first, name and arguments in a later chunk.
  chunk({ tool_calls: [{ index: 1, id: "call_b", type: "function" }] }),
  chunk({ tool_calls: [{ index: 1, function: { name: "get_time", arguments: '{"tz":"CET"}' } }] }),
];

describe("createAnthropicStreamEncoder", () => {
  it("emits Anthropic's exact event sequence", () => {
    const events = encode(textThenTools, "tool_calls")
      .join("")
      .split("\n\n")
      .filter(Boolean)
      .map((e) => {
        const [eventLine, dataLine] = e.split("\n");
        const data = JSON.parse(dataLine!.slice("data: ".length)) as { type: string; index?: number };
        expect(eventLine).toBe(`event: ${data.type}`);
        return data.index === undefined ? data.type : `${data.type}#${data.index}`;
      });
    expect(events).toEqual([
      "message_start",
      "ping",
      "content_block_start#0",
      "content_block_delta#0",
      "content_block_delta#0",
      "content_block_stop#0",
      "content_block_start#1",
      "content_block_delta#1",
      "content_block_delta#1",
      "content_block_stop#1",
      "content_block_start#2",
      "content_block_delta#2",
      "content_block_stop#2",
      "message_delta",
      "message_stop",
    ]);
  });

  it("the SDK's messages.stream() rebuilds text, tool_use input and usage", async () => {
    const client = await clientFor({ chunks: encode(textThenTools, "tool_calls") });
    const stream = client.messages.stream(request);
    let text = "";
    stream.on("text", (t) => (text += t));
    const message = await stream.finalMessage();
    expect(text).toBe("Checking the weather 🌦️…");
    expect(message).toMatchObject({
      id: MSG_ID,
      model: MODEL,
      role: "assistant",
      stop_reason: "tool_use",
      content: [
        { type: "text", text: "Checking the weather 🌦️…" },
        { type: "tool_use", id: "call_a", name: "get_weather", input: { city: "Oslo" } },
        { type: "tool_use", id: "call_b", name: "get_time", input: { tz: "CET" } },
      ],
      // input_tokens from message_start (118, an estimate) is corrected by message_delta.
      usage: { input_tokens: 15, output_tokens: 42, cache_read_input_tokens: 100, cache_creation_input_tokens: 5 },
    });
  });

  it("maps finish reasons to stop_reason (length → max_tokens)", async () => {
    const client = await clientFor({ chunks: encode([chunk({ content: "Once upon a" })], "length") });
    const message = await client.messages.stream(request).finalMessage();
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.content).toEqual([{ type: "text", text: "Once upon a" }]);
  });

  it("an empty answer still yields a valid message, even without start()", async () => {
    const enc = createAnthropicStreamEncoder(MODEL, MSG_ID);
    const client = await clientFor({ chunks: [enc.push(chunk({ role: "assistant" })), enc.finish(USAGE, "stop")] });
    const message = await client.messages.stream(request).finalMessage();
    expect(message).toMatchObject({ content: [], stop_reason: "end_turn", usage: { output_tokens: 42 } });
  });

  it("an error event mid-stream makes the SDK throw with our message", async () => {
    const client = await clientFor({ chunks: encode([chunk({ content: "Partial" })], { error: "Upstream overloaded, try again." }) });
    const stream = client.messages.stream(request);
    let text = "";
    stream.on("text", (t) => (text += t));
    await expect(stream.finalMessage()).rejects.toThrow(/Upstream overloaded, try again\./);
    expect(text).toBe("Partial");
  });
});

describe("Anthropic error bodies read by the SDK", () => {
  it.each([
    [401, Anthropic.AuthenticationError, "authentication_error"],
    [402, Anthropic.APIError, "billing_error"],
    [403, Anthropic.PermissionDeniedError, "permission_error"],
    [404, Anthropic.NotFoundError, "not_found_error"],
    [413, Anthropic.APIError, "request_too_large"],
    [429, Anthropic.RateLimitError, "rate_limit_error"],
    [503, Anthropic.InternalServerError, "overloaded_error"],
  ])("status %i → %o with type %s", async (status, ErrorClass, type) => {
    const reply = anthropicError(status, `Failure ${status}`);
    const client = await clientFor(jsonReply(reply.status, reply.body));
    const call = client.messages.create(request);
    await expect(call).rejects.toBeInstanceOf(ErrorClass);
    await expect(call).rejects.toMatchObject({ status, error: { type: "error", error: { type, message: `Failure ${status}` } } });
  });
});
