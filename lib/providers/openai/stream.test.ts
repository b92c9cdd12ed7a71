import { describe, expect, it } from "vitest";
import { assemble, fixtureReader, runMapper } from "../testing/fixtures";
import { UpstreamError } from "../types";
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

describe("OpenAIStreamMapper shape errors", () => {
  const ev = (delta: string, finish = "null") =>
    `data: {"id":"chatcmpl-t1","object":"chat.completion.chunk","created":1754912345,"model":"emu-fast","choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}]}\n\n`;

  it("reports a chunk the fast check refuses in zod's words", () => {
    const sse = ev('{"role":"assistant","content":""}') + ev('{"content":"Hi"}') + ev('{"content":5}') + "data: [DONE]\n\n";
    expect(() => runMapper(sse, mapper())).toThrowError(
      expect.objectContaining({ kind: "invalid_response", message: expect.stringContaining("choices.0.delta.content") }),
    );
  });
});
