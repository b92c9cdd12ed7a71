import { describe, expect, it } from "vitest";
import { fixtureReader } from "../testing/fixtures";
import { parseAnthropicErrorBody } from "./errors";
import { mapAnthropicStopReason } from "./finish-reason";
import { toCanonicalAnthropicResponse } from "./response";

const fx = fixtureReader(import.meta.dirname);

describe("toCanonicalAnthropicResponse", () => {
  it("maps a text answer", () => {
    const r = toCanonicalAnthropicResponse(fx.json("text.json"), "anthropic", "claude-sonnet-4-5", null);
    expect(r).toMatchObject({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      model: "claude-sonnet-4-5-20250929",
      message: { role: "assistant", content: "Hello! How can I help you today?" },
      finish_reason: "stop",
      usage: { prompt_tokens: 12, completion_tokens: 12, total_tokens: 24, cached_tokens: 0, cache_write_tokens: 0 },
    });
    expect(r.created).toBeGreaterThan(1_700_000_000);
  });

  it("maps text + tool_use", () => {
    const r = toCanonicalAnthropicResponse(fx.json("tool-use.json"), "anthropic", "m", null);
    expect(r.message.content).toBe("I'll check the current weather in San Francisco for you.");
    expect(r.message.tool_calls).toEqual([
      { id: "toolu_01A09q90qw90lq917835lq9", type: "function", function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' } },
    ]);
    expect(r.finish_reason).toBe("tool_calls");
  });

  it("adds cache reads and writes to prompt_tokens and splits them out", () => {
    const r = toCanonicalAnthropicResponse(fx.json("cache-usage.json"), "anthropic", "m", null);
    expect(r.usage).toEqual({
      prompt_tokens: 21 + 188086 + 1024,
      completion_tokens: 393,
      total_tokens: 21 + 188086 + 1024 + 393,
      cached_tokens: 1024,
      cache_write_tokens: 188086,
    });
    expect(r.finish_reason).toBe("length");
  });

  it("returns the JSON-mode tool input as text with finish_reason stop", () => {
    const r = toCanonicalAnthropicResponse(fx.json("json-tool.json"), "anthropic", "m", "weather_report");
    expect(JSON.parse(r.message.content ?? "")).toEqual({ location: "San Francisco", temperature: 58, condition: "sunny" });
    expect(r.message.tool_calls).toBeUndefined();
    expect(r.finish_reason).toBe("stop");
  });

  it("maps a refusal to content_filter", () => {
    const r = toCanonicalAnthropicResponse(fx.json("refusal.json"), "anthropic", "m", null);
    expect(r).toMatchObject({ finish_reason: "content_filter", message: { content: null } });
  });

  it("rejects garbage", () => {
    for (const bad of [{}, { type: "message", id: "x", content: [{ type: "text" }] }, { type: "message", id: "x", content: [{ type: "tool_use", input: {} }] }]) {
      expect(() => toCanonicalAnthropicResponse(bad, "anthropic", "m", null)).toThrowError(expect.objectContaining({ kind: "invalid_response", retryable: true }));
    }
  });
});

describe("anthropic finish reasons and errors", () => {
  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["pause_turn", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
  ] as const)("%s → %s", (input, expected) => {
    expect(mapAnthropicStopReason(input)).toBe(expected);
  });

  it("parses error bodies", () => {
    expect(parseAnthropicErrorBody(fx.json("error-overloaded.json"))).toEqual({ type: "overloaded_error", message: "Overloaded" });
    expect(parseAnthropicErrorBody({ nope: 1 })).toBeUndefined();
  });
});
