import { describe, expect, it } from "vitest";
import { fixtureReader } from "../testing/fixtures";
import { parseGeminiErrorBody } from "./errors";
import { mapGeminiFinishReason } from "./finish-reason";
import { toCanonicalGeminiResponse } from "./response";
import { recallThoughtSignature } from "./thought-signatures";

const fx = fixtureReader(import.meta.dirname);

describe("toCanonicalGeminiResponse", () => {
  it("maps text; thoughts count as output", () => {
    const r = toCanonicalGeminiResponse(fx.json("text.json"), "gemini", "gemini-2.5-flash");
    expect(r).toMatchObject({
      id: "bH6LaZW8Fp_3nsEPqtaSwQ4",
      model: "gemini-2.5-flash",
      message: { role: "assistant", content: 'There are 3 "r"s in strawberry.' },
      finish_reason: "stop",
      usage: { prompt_tokens: 9, completion_tokens: 11 + 185, total_tokens: 205 },
    });
  });

  it("maps function calls with stable synthetic ids and remembers thought signatures", () => {
    const r = toCanonicalGeminiResponse(fx.json("tool-call.json"), "gemini", "gemini-3-pro-preview");
    expect(r.finish_reason).toBe("tool_calls");
    expect(r.message.tool_calls).toEqual([
      { id: "call_m36LaZGyCLz1xs0PtNSB-QU_0", type: "function", function: { name: "weather", arguments: '{"location":"San Francisco"}' } },
      { id: "call_m36LaZGyCLz1xs0PtNSB-QU_1", type: "function", function: { name: "time", arguments: '{"tz":"America/Los_Angeles"}' } },
    ]);
    expect(recallThoughtSignature("call_m36LaZGyCLz1xs0PtNSB-QU_0")).toMatch(/^EskgCsYg/);
    expect(recallThoughtSignature("call_m36LaZGyCLz1xs0PtNSB-QU_1")).toBeUndefined();
  });

  it("maps MAX_TOKENS and cached content tokens", () => {
    const r = toCanonicalGeminiResponse(fx.json("cached-max-tokens.json"), "gemini", "m");
    expect(r.finish_reason).toBe("length");
    expect(r.usage).toEqual({ prompt_tokens: 40210, completion_tokens: 8, total_tokens: 40218, cached_tokens: 32768 });
  });

  it("maps a blocked prompt and a safety stop to content_filter", () => {
    const blocked = toCanonicalGeminiResponse(fx.json("prompt-blocked.json"), "gemini", "m");
    expect(blocked).toMatchObject({ finish_reason: "content_filter", message: { content: null }, usage: { prompt_tokens: 9, completion_tokens: 0 } });
    const safety = toCanonicalGeminiResponse(fx.json("safety.json"), "gemini", "m");
    expect(safety).toMatchObject({ finish_reason: "content_filter", message: { content: null } });
  });

  it("rejects garbage", () => {
    for (const bad of [{}, { candidates: "x" }, { candidates: [{ content: { parts: [{ text: 1 }] } }] }]) {
      expect(() => toCanonicalGeminiResponse(bad, "gemini", "m")).toThrowError(expect.objectContaining({ kind: "invalid_response" }));
    }
  });
});

describe("gemini finish reasons and errors", () => {
  it.each([
    ["STOP", "stop"],
    ["MAX_TOKENS", "length"],
    ["SAFETY", "content_filter"],
    ["RECITATION", "content_filter"],
    ["PROHIBITED_CONTENT", "content_filter"],
    ["MALFORMED_FUNCTION_CALL", "stop"],
    ["OTHER", "stop"],
  ] as const)("%s → %s", (input, expected) => {
    expect(mapGeminiFinishReason(input)).toBe(expected);
  });

  it("reads RetryInfo and array-wrapped errors", () => {
    expect(parseGeminiErrorBody(fx.json("error-429.json"))).toEqual({
      message: "You exceeded your current quota, please check your plan and billing details.",
      type: "RESOURCE_EXHAUSTED",
      retryAfterMs: 34400,
    });
    expect(parseGeminiErrorBody(fx.json("error-invalid-key.json"))).toMatchObject({ type: "INVALID_ARGUMENT", message: "API key not valid. Please pass a valid API key." });
  });
});
