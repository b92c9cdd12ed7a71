import { describe, expect, it } from "vitest";
import { fixtureReader } from "../testing/fixtures";
import { UpstreamError } from "../types";
import { parseOpenAIErrorBody } from "./errors";
import { mapOpenAIFinishReason } from "./finish-reason";
import { toCanonicalResponse } from "./response";

const fx = fixtureReader(import.meta.dirname);

describe("toCanonicalResponse", () => {
  it("maps text and usage with cached tokens", () => {
    const r = toCanonicalResponse(fx.json("text.json"), "openai", "gpt-4o");
    expect(r).toEqual({
      id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
      created: 1741570283,
      model: "gpt-4o-2024-08-06",
      message: { role: "assistant", content: "The image shows a wooden boardwalk path running through a lush green field." },
      finish_reason: "stop",
      usage: { prompt_tokens: 1117, completion_tokens: 46, total_tokens: 1163, cached_tokens: 1024 },
    });
  });

  it("maps parallel tool calls", () => {
    const r = toCanonicalResponse(fx.json("tool-calls.json"), "openai", "gpt-4.1-mini");
    expect(r.finish_reason).toBe("tool_calls");
    expect(r.message.content).toBeNull();
    expect(r.message.tool_calls).toEqual([
      { id: "call_DdmO9pD3xa9XTPNJ32zg2hcA", type: "function", function: { name: "get_weather", arguments: "{\"location\":\"Paris, France\"}" } },
      { id: "call_ABaxC6zk9aJHKPJpO1Dt8Vnp", type: "function", function: { name: "get_weather", arguments: "{\"location\":\"Bogotá, Colombia\"}" } },
    ]);
  });

  it("surfaces a refusal as content", () => {
    const r = toCanonicalResponse(fx.json("refusal.json"), "openai", "gpt-4o");
    expect(r.message.content).toBe("I'm sorry, I can't assist with that request.");
    expect(r.usage).toEqual({ prompt_tokens: 81, completion_tokens: 11, total_tokens: 92 });
  });

  it("reads DeepSeek's cache-hit counter", () => {
    const r = toCanonicalResponse(fx.json("deepseek-cache.json"), "deepseek", "deepseek-chat");
    expect(r.usage?.cached_tokens).toBe(0);
  });

  it("normalises servers that say stop after tool calls and omit ids", () => {
    const r = toCanonicalResponse(
      { choices: [{ message: { content: "", tool_calls: [{ id: "c1", function: { name: "f", arguments: { a: 1 } } }] }, finish_reason: "stop" }] },
      "ollama",
      "llama3.2",
    );
    expect(r.finish_reason).toBe("tool_calls");
    expect(r.message.tool_calls?.[0]!.function.arguments).toBe('{"a":1}');
    expect(r.id).toMatch(/^chatcmpl-/);
    expect(r.model).toBe("llama3.2");
    expect(r.usage).toBeUndefined();
  });

  it("rejects garbage as a retryable invalid_response", () => {
    for (const garbage of [null, {}, { choices: [] }, { choices: [{ message: { content: 5 } }] }, "hello"]) {
      try {
        toCanonicalResponse(garbage, "openai", "m");
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(UpstreamError);
        expect(err).toMatchObject({ kind: "invalid_response", status: 502, retryable: true });
      }
    }
  });
});

describe("mapOpenAIFinishReason", () => {
  it.each([
    ["stop", "stop"],
    ["length", "length"],
    ["model_length", "length"],
    ["tool_calls", "tool_calls"],
    ["function_call", "tool_calls"],
    ["content_filter", "content_filter"],
    ["insufficient_system_resource", "stop"],
    [null, "stop"],
  ] as const)("%s → %s", (input, expected) => {
    expect(mapOpenAIFinishReason(input)).toBe(expected);
  });
});

describe("parseOpenAIErrorBody", () => {
  it("reads OpenAI, Ollama and Mistral error shapes", () => {
    expect(parseOpenAIErrorBody(fx.json("error-rate-limit.json"))).toMatchObject({ type: "requests" });
    expect(parseOpenAIErrorBody(fx.json("error-ollama.json"))).toEqual({ message: 'model "llama3.2" not found, try pulling it first' });
    expect(parseOpenAIErrorBody(fx.json("error-mistral.json"))).toEqual({ message: "Invalid model: mistral-huge-latest", type: "invalid_model" });
    expect(parseOpenAIErrorBody({ detail: [{ msg: "field required" }] })?.message).toContain("field required");
    expect(parseOpenAIErrorBody({ unrelated: true })).toBeUndefined();
  });
});
