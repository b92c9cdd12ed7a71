// Own file: the tokenizer is loaded once per module instance, and token-count.test.ts loads it.
import { describe, expect, it } from "vitest";
import {
  countPromptTokens,
  countTextTokens,
  estimateTokensUpperBound,
  isTokenizerLoaded,
  promptTokensUpperBound,
  usesO200k,
} from "./token-count";

describe("o200k tokenizer loading", () => {
  it("is not loaded by importing token-count or by the helpers that need no count", () => {
    expect(isTokenizerLoaded()).toBe(false);
    const model = { provider: "anthropic", upstreamModel: "claude-sonnet-4" };
    expect(usesO200k(model)).toBe(false);
    expect(estimateTokensUpperBound(10, model)).toBe(15);
    expect(countTextTokens("")).toBe(0);
    expect(countPromptTokens([])).toBeGreaterThan(0);
    // The reservation's cheap bound (the request hot path) must not need the tokenizer.
    expect(promptTokensUpperBound([{ role: "user", content: "Benchmark request: say hello in a few words." }])).toBeGreaterThan(10);
    expect(isTokenizerLoaded()).toBe(false);
  });

  it("loads on the first count and counts synchronously", () => {
    expect(countTextTokens("hello world")).toBe(2);
    expect(isTokenizerLoaded()).toBe(true);
    expect(countTextTokens("Hello, how are you today?")).toBe(7);
  });
});
