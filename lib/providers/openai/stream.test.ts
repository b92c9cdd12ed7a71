import { describe, expect, it, vi } from "vitest";
import { assemble, fixtureReader, runMapper } from "../testing/fixtures";
import { UpstreamError, type CanonicalChunk } from "../types";
import { OpenAIStreamMapper } from "./stream";

const fx = fixtureReader(import.meta.dirname);
const mapper = (model = "gpt-4o-mini") => new OpenAIStreamMapper("openai", "sk-test", model);

describe("OpenAIStreamMapper", () => {
  it("maps a text stream event by event, usage on the last chunk", () => {
    const chunks = runMapper(fx.text("text.sse.txt"), mapper());
    expect(chunks[0]).toEqual({
      id: "chatcmpl-C3mXbq8gxTC1kZQbzGtq3rDvZ4Llk",
      created: 1754912345,
      model: "gpt-4o-mini-2024-07-18",
      delta: { role: "assistant", content: "" },
    });
    expect(chunks).toHaveLength(12); // role + 9 tokens + finish + usage
    const a = assemble(chunks);
    expect(a.content).toBe("Hello! How can I help you today?");
    expect(a.finish).toBe("stop");
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 19, completion_tokens: 10, total_tokens: 29, cached_tokens: 0 });
  });

  it("yields fragmented tool-call arguments incrementally, per index", () => {
    const chunks = runMapper(fx.text("tool-calls.sse.txt"), mapper(), 3);
    expect(chunks[0]!.delta.tool_calls).toEqual([
      { index: 0, id: "call_kzJc0Gx4uJ0hVvY6Xr1tZ2aQ", type: "function", function: { name: "get_weather", arguments: "" } },
    ]);
    expect(chunks[1]!.delta).toEqual({ tool_calls: [{ index: 0, function: { arguments: '{"' } }] });
    const a = assemble(chunks);
    expect(a.toolCalls).toEqual([
      { id: "call_kzJc0Gx4uJ0hVvY6Xr1tZ2aQ", name: "get_weather", arguments: '{"location":"Paris, France"}' },
      { id: "call_8Tn1Qy3xWmR5LcV2pBd7EoHs", name: "get_time", arguments: '{"tz":"Europe/Paris"}' },
    ]);
    expect(a.finish).toBe("tool_calls");
    expect(a.usage?.cached_tokens).toBe(64);
  });

  it("handles Mistral: usage with the finish chunk, tool call in one delta, no stream_options", () => {
    const chunks = runMapper(fx.text("mistral-tool-call.sse.txt"), new OpenAIStreamMapper("mistral", "k", "mistral-small-latest"));
    const a = assemble(chunks);
    expect(a.toolCalls).toEqual([{ id: "D681PevKs", name: "get_weather", arguments: '{"city": "Lyon"}' }]);
    expect(a.finish).toBe("tool_calls");
    expect(a.usage).toEqual({ prompt_tokens: 95, completion_tokens: 22, total_tokens: 117 });
  });

  it("turns an in-band error event into an UpstreamError", () => {
    expect(() => runMapper(fx.text("stream-error.sse.txt"), mapper())).toThrowError(
      expect.objectContaining({ kind: "http", status: 500, retryable: true, message: expect.stringContaining("server_error") }),
    );
  });

  it("accepts a missing [DONE] after the finish chunk, not before", () => {
    const text = fx.text("text.sse.txt").replace("data: [DONE]\n\n", "");
    expect(assemble(runMapper(text, mapper())).finish).toBe("stop");
    const cut = text.split("\n\n").slice(0, 4).join("\n\n") + "\n\n";
    expect(() => runMapper(cut, mapper())).toThrowError(expect.objectContaining({ kind: "invalid_response" }));
  });

  it("rejects garbage events", () => {
    expect(() => runMapper("data: {not json\n\n", mapper())).toThrow(UpstreamError);
    expect(() => runMapper('data: {"choices":"nope"}\n\n', mapper())).toThrowError(expect.objectContaining({ kind: "invalid_response" }));
  });

  it("reads Groq's x_groq usage", () => {
    const chunks = runMapper(
      'data: {"id":"g1","created":1,"model":"llama","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}}\n\ndata: [DONE]\n\n',
      mapper(),
    );
    expect(chunks[0]!.usage).toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
  });
});

describe("OpenAIStreamMapper content template", () => {
  const head = (id = "chatcmpl-t1", created = 1754912345) =>
    `{"id":"${id}","object":"chat.completion.chunk","created":${created},"model":"emu-fast","system_fingerprint":"fp_x","choices":[`;
  const ev = (delta: string, finish = "null", h = head(), tail = ',"usage":null}') =>
    `data: ${h}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}]${tail}\n\n`;
  const words = ["Hello", " wor\"ld", "\n", " \\o/", " é✓𝄞", "", " </b>", "\u2028", " end"];
  const text = (h = head(), tail?: string) => words.map((w) => ev(`{"content":${JSON.stringify(w)}}`, "null", h, tail)).join("");
  const usage = `data: ${head()}],"usage":{"prompt_tokens":9,"completion_tokens":9,"total_tokens":18,"prompt_tokens_details":{"cached_tokens":0}}}\n\n`;
  const done = "data: [DONE]\n\n";
  const role = ev('{"role":"assistant","content":"","refusal":null}');
  const finish = ev("{}", '"stop"');

  function outcome(sse: string, template: boolean): { chunks: CanonicalChunk[] } | { error: unknown } {
    try {
      return { chunks: runMapper(sse, new OpenAIStreamMapper("emu", "k", "m", { contentTemplate: template }), 13) };
    } catch (err) {
      const e = err as UpstreamError;
      return { error: { name: e.name, kind: e.kind, status: e.status, retryable: e.retryable, message: e.message } };
    }
  }

  const streams: Record<string, string> = {
    "emulator text with usage": role + text() + finish + usage + done,
    "OpenAI padding that varies": role + words.map((w, i) => ev(`{"content":${JSON.stringify(w)}}`, "null", head(), `,"usage":null,"obfuscation":"${"p".repeat(i)}"}`)).join("") + finish + done,
    "role repeated on every token": words.map((w) => ev(`{"role":"assistant","content":${JSON.stringify(w)}}`)).join("") + finish + done,
    "created changes mid-stream": role + text() + text(head("chatcmpl-t1", 1754912346)) + finish + done,
    "refusal tokens": role + ev('{"refusal":"I can"}') + ev('{"refusal":"not"}') + ev('{"content":null,"refusal":" help"}') + finish + done,
    "usage-only chunk and Groq usage": role + text() + `data: ${head()}],"usage":{"prompt_tokens":1,"completion_tokens":2}}\n\n` + ev("{}", '"stop"', head(), ',"x_groq":{"usage":{"prompt_tokens":1,"completion_tokens":2}}}') + done,
    "tool-call deltas after text": role + text() + ev('{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"f","arguments":""}}]}') + ev('{"tool_calls":[{"index":0,"function":{"arguments":"{\\"a\\":1}"}}]}') + ev("{}", '"stop"') + done,
    "unknown fields and reasoning-only chunks": role + ev('{"reasoning_content":"think"}') + text() + ev('{"content":"x","extra":{"deep":[1,"\\""]}}') + text() + finish + done,
    "in-band error after tokens": role + text() + 'data: {"error":{"message":"boom","type":"server_error"}}\n\n' + done,
    "garbage JSON after tokens": role + text() + ev('{"content":"a"').replace("}]", "") + done,
    "wrong type in the content slot": role + text() + ev('{"content":5}') + done,
    "slot holding more than one value": role + text() + ev('{"content":"a","content":"b"}') + finish + done,
    "content null in the slot": role + text() + ev('{"content":null}') + text() + finish + done,
    "no [DONE] after finish": role + text() + finish,
    "cut before finish": role + text(),
    "multiple choices": role + text() + `data: ${head()}{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}}]}\n\n` + finish + done,
  };

  for (const [name, sse] of Object.entries(streams)) {
    it(`maps exactly like the full parse: ${name}`, () => {
      expect(outcome(sse, true)).toEqual(outcome(sse, false));
    });
  }

  it("fully parses only the events that differ in more than their content", () => {
    const plain = (tail?: string) =>
      Array.from({ length: 20 }, (_, i) => ev(`{"content":" w${i}"}`, "null", head(), tail?.replace("#", "p".repeat(i)))).join("");
    const parses = (sse: string) => {
      const spy = vi.spyOn(JSON, "parse");
      try {
        runMapper(sse, new OpenAIStreamMapper("emu", "k", "m"));
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    // role, first token, its probe, finish, usage
    expect(parses(role + plain() + finish + usage + done)).toBe(5);
    expect(parses(role + plain(',"usage":null,"obfuscation":"#"}') + finish + done)).toBe(4);
  });

  it("reports shape errors in zod's words", () => {
    const r = outcome(role + text() + ev('{"content":5}') + done, true);
    expect(r).toMatchObject({ error: { kind: "invalid_response", message: expect.stringContaining("choices.0.delta.content") } });
  });
});
