// A streamed answer as the log stores it: one chat.completion document assembled after the
// response from the pieces pipe-stream.ts kept — text, tool calls by index, finish reason,
// usage, the error a cut stream ended with — exactly what an OpenAI client gets for a whole answer.
import { describe, expect, it } from "vitest";
import type { CanonicalChunk, FinishReason } from "@/lib/providers/types";
import { responseDocument, storedStreamDocument, streamedDocument, ToolCallPieces, type StreamedPieces } from "@/lib/gateway/chat/streamed-answer";
import { JsonText, MAX_BODY_CHARS, sanitizeLogBody } from "@/lib/observability/log-body";

const chunk = (delta: CanonicalChunk["delta"], extra: Partial<CanonicalChunk> = {}): CanonicalChunk =>
  ({ id: "chatcmpl-1", created: 1_700_000_000, model: "upstream-name", delta, ...extra });

/** What pipe-stream.ts keeps of these chunks. */
function kept(chunks: CanonicalChunk[], model = "sim/gpt"): StreamedPieces {
  const parts: string[] = [];
  let finish: FinishReason | null = null;
  let tools: ToolCallPieces | null = null;
  for (const c of chunks) {
    if (c.finish_reason) finish = c.finish_reason;
    if (c.delta.content) parts.push(c.delta.content);
    if (c.delta.tool_calls) (tools ??= new ToolCallPieces()).take(c.delta.tool_calls, parts);
  }
  return { id: "chatcmpl-1", created: 1_700_000_000, model, parts, finish, tools };
}

describe("streamedDocument", () => {
  it("assembles a text stream into the chat.completion an OpenAI client gets, with the billed usage", () => {
    const usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
    const s = kept([chunk({ role: "assistant", content: "Hel" }), chunk({ content: "lo" }), chunk({}, { finish_reason: "stop" }), chunk({}, { usage })]);
    expect(s.parts.join("")).toBe("Hello");
    expect(streamedDocument(s, usage)).toEqual({
      id: "chatcmpl-1", object: "chat.completion", created: 1_700_000_000, model: "sim/gpt",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello", refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: { ...usage, prompt_tokens_details: { cached_tokens: 0 } },
    });
  });

  it("puts each tool call's argument pieces together by index; the counted text stays in arrival order", () => {
    const s = kept([
      chunk({ content: "Let me check. " }),
      chunk({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "weather", arguments: '{"ci' } }] }),
      chunk({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "time", arguments: "{}" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] }),
      chunk({}, { finish_reason: "tool_calls" }),
    ]);
    expect(s.parts.join("")).toBe('Let me check. {"ci{}ty":"Oslo"}');
    const doc = streamedDocument(s, null);
    expect(doc.choices[0]).toEqual({
      index: 0, finish_reason: "tool_calls", logprobs: null,
      message: {
        role: "assistant", content: "Let me check. ", refusal: null,
        tool_calls: [
          { id: "call_a", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } },
          { id: "call_b", type: "function", function: { name: "time", arguments: "{}" } },
        ],
      },
    });
    expect(doc.usage).toBeUndefined();
  });

  it("a tool-call-only answer has null content; a cut stream keeps what came and the error it ended with", () => {
    const tools = kept([chunk({ tool_calls: [{ index: 0, id: "c", type: "function", function: { name: "f", arguments: "{}" } }] })]);
    expect(streamedDocument(tools, null).choices[0]!.message.content).toBeNull();
    const error = { error: { message: "The upstream provider (openai) returned an error", type: "upstream_error", code: "upstream_error" } };
    expect(streamedDocument(kept([chunk({ content: "partial" })]), null, error))
      .toMatchObject({ choices: [{ message: { content: "partial" }, finish_reason: null }], error });
  });

  it("an empty stream is an empty answer, not null", () => {
    expect(streamedDocument(kept([]), null).choices[0]!.message).toEqual({ role: "assistant", content: "", refusal: null });
  });

  it("a whole answer becomes the same document, under the model the client was answered with", () => {
    const doc = responseDocument({ id: "x", created: 2, model: "upstream-name", message: { role: "assistant", content: "hi" }, finish_reason: "length" },
      "sim/gpt", { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 });
    expect(doc).toMatchObject({ id: "chatcmpl-x", object: "chat.completion", model: "sim/gpt", choices: [{ finish_reason: "length", message: { content: "hi" } }] });
    expect(doc.usage).toEqual({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } });
  });
});

describe("storedStreamDocument", () => {
  const stored = (s: StreamedPieces, usage: Parameters<typeof streamedDocument>[1]) => {
    const r = storedStreamDocument(s, usage);
    return r && { text: (r.value as JsonText).text, truncated: r.truncated, isText: r.value instanceof JsonText };
  };

  it("is the very JSON sanitizeLogBody stores for streamedDocument's document, key for key", () => {
    const usages = [null, { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 }, { prompt_tokens: 9, completion_tokens: 0, total_tokens: 9, cached_tokens: 4 }];
    const texts = [[], ["Hel", "lo"], ["caf\u00e9 ", "\ud83d\ude00", " \"quoted\"\n\\ </script>"], ["nul\u0000 and lone \ud800 here"], ["x".repeat(20_000)]];
    const finishes: Array<FinishReason | null> = ["stop", "length", null];
    for (const usage of usages) for (const parts of texts) for (const finish of finishes) {
      for (const id of ["chatcmpl-1", "gen-abc", "id\u0000odd"]) {
        const s: StreamedPieces = { id, created: 1_700_000_000, model: "sim/gpt", parts, finish, tools: null };
        const got = stored(s, usage)!;
        const want = sanitizeLogBody(streamedDocument(s, usage));
        expect(got.isText).toBe(true);
        expect(got.text).toBe(JSON.stringify(want.value));
        expect(got.truncated).toBe(want.truncated);
      }
    }
  });

  it("leaves tool calls and text the budget would cut to streamedDocument", () => {
    const tools = kept([chunk({ tool_calls: [{ index: 0, id: "c1", type: "function", function: { name: "f", arguments: "{}" } }] })]);
    expect(storedStreamDocument(tools, null)).toBeNull();
    const long: StreamedPieces = { id: "chatcmpl-1", created: 1, model: "sim/gpt", parts: ["y".repeat(MAX_BODY_CHARS)], finish: "stop", tools: null };
    expect(storedStreamDocument(long, null)).toBeNull();
    expect(sanitizeLogBody(streamedDocument(long, null)).truncated).toBe(true);
  });
});
