import { describe, expect, it } from "vitest";
import type { CanonicalChunk } from "@/lib/providers/types";
import { chunkSerializer, serializeUsageChunk, toChatCompletion, toChatCompletionId } from "./response";

function chunk(id: string, delta: CanonicalChunk["delta"], finish: CanonicalChunk["finish_reason"] = null): CanonicalChunk {
  return { id, created: 1_700_000_000, model: "upstream-name", delta, finish_reason: finish };
}

describe("chunkSerializer", () => {
  it("writes exactly one SSE event in chat.completion.chunk form", () => {
    expect(chunkSerializer("openai/gpt-4.1")(chunk("chatcmpl-1", { content: 'say "hi"\n' }))).toBe(
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"openai/gpt-4.1",' +
        '"choices":[{"index":0,"delta":{"content":"say \\"hi\\"\\n"},"logprobs":null,"finish_reason":null}]}\n\n',
    );
  });

  it("produces valid JSON carrying the finish reason and tool-call deltas", () => {
    const line = chunkSerializer("m")(
      chunk("x", { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }] }, "tool_calls"),
    );
    expect(line.startsWith("data: ") && line.endsWith("\n\n")).toBe(true);
    expect(JSON.parse(line.slice(6))).toEqual({
      id: "chatcmpl-x",
      object: "chat.completion.chunk",
      created: 1_700_000_000,
      model: "m",
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }] },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
    });
  });

  it("never mixes ids or models when streams interleave", () => {
    // One serializer per stream; the third stream's id changes under it.
    const [onA, onB, onA2] = [chunkSerializer("model/a"), chunkSerializer("model/b"), chunkSerializer("model/a")];
    const a = onA(chunk("chatcmpl-a", { content: "1" }));
    const b = onB(chunk("chatcmpl-b", { content: "2" }));
    const a2 = onA2(chunk("chatcmpl-a", { content: "3" }));
    const b2 = onA2(chunk("chatcmpl-b", { content: "4" }));
    expect([a, b, a2, b2].map((l) => JSON.parse(l.slice(6)) as { id: string; model: string })).toMatchObject([
      { id: "chatcmpl-a", model: "model/a" },
      { id: "chatcmpl-b", model: "model/b" },
      { id: "chatcmpl-a", model: "model/a" },
      { id: "chatcmpl-b", model: "model/a" },
    ]);
  });

  it("a stream's serializer writes JSON.stringify's bytes of each event, ids changing mid-stream included", () => {
    const deltas: CanonicalChunk["delta"][] = [
      { role: "assistant", content: "" }, { content: "plain" }, { content: 'esc "q" \\ \n \u0001 é 😀 \u2028' }, {},
      { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: '{"a":1}' } }] },
      { tool_calls: [{ index: 1, function: { arguments: "" } }] },
    ];
    const serialize = chunkSerializer('model/"odd"');
    let n = 0;
    for (const id of ["chatcmpl-1", "x", "chatcmpl-1", 'q"uote']) {
      for (const created of [1_700_000_000, 0, 1_700_000_000]) {
        for (const finish of [null, undefined, "stop", "tool_calls"] as const) {
          for (const delta of deltas) {
            const c: CanonicalChunk = { id, created, model: "upstream", delta, finish_reason: finish ?? undefined };
            if (finish === null) c.finish_reason = null;
            const event = {
              id: toChatCompletionId(id), object: "chat.completion.chunk", created, model: 'model/"odd"',
              choices: [{ index: 0, delta, logprobs: null, finish_reason: finish ?? null }],
            };
            expect(serialize(c)).toBe(`data: ${JSON.stringify(event)}\n\n`);
            n++;
          }
        }
      }
    }
    expect(n).toBe(288);
  });

  it("writes the usage chunk with empty choices", () => {
    const line = serializeUsageChunk("chatcmpl-1", 5, "m", { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
    expect(JSON.parse(line.slice(6))).toEqual({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 5,
      model: "m",
      choices: [],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, prompt_tokens_details: { cached_tokens: 0 } },
    });
  });
});

describe("toChatCompletion", () => {
  it("prefixes foreign ids, shows the Switchyard model id and lets the caller supply usage", () => {
    const out = toChatCompletion(
      { id: "msg_01", created: 9, model: "claude-x", message: { role: "assistant", content: "ok" }, finish_reason: "length" },
      "anthropic/claude-sonnet-4-5",
      { prompt_tokens: 4, completion_tokens: 6, total_tokens: 10, cached_tokens: 2 },
    );
    expect(out).toMatchObject({
      id: "chatcmpl-msg_01",
      model: "anthropic/claude-sonnet-4-5",
      choices: [{ message: { content: "ok" }, finish_reason: "length", logprobs: null }],
      usage: { prompt_tokens: 4, prompt_tokens_details: { cached_tokens: 2 } },
    });
    expect(toChatCompletionId("chatcmpl-abc")).toBe("chatcmpl-abc");
  });
});
