import { describe, expect, it } from "vitest";
import type { ChatMessage, ToolDefinition } from "@/lib/providers/types";
import { findModel } from "./registry";
import {
  IMAGE_PART_TOKENS,
  REPLY_PRIMING_TOKENS,
  TOKENS_PER_MESSAGE,
  countPromptTokens,
  countTextTokens,
  estimatePromptTokens,
  estimateTokensUpperBound,
  usesO200k,
} from "./token-count";

function model(idOrAlias: string) {
  const found = findModel(idOrAlias);
  if (!found) throw new Error(`no model ${idOrAlias}`);
  return found;
}

describe("countTextTokens", () => {
  it("counts o200k tokens", () => {
    expect(countTextTokens("")).toBe(0);
    expect(countTextTokens("hello world")).toBe(2);
    expect(countTextTokens("Hello, how are you today?")).toBe(7);
  });

  it("treats special-token look-alikes in user text as plain text instead of throwing", () => {
    expect(countTextTokens("a <|endoftext|> b")).toBeGreaterThan(3);
  });
});

describe("countPromptTokens", () => {
  it("adds per-message framing and reply priming", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: "You are terse." },
      { role: "user", content: "hello world" },
    ];
    const text = countTextTokens("You are terse.") + countTextTokens("hello world");
    expect(countPromptTokens(messages)).toBe(REPLY_PRIMING_TOKENS + 2 * TOKENS_PER_MESSAGE + text);
    expect(countPromptTokens([])).toBe(REPLY_PRIMING_TOKENS);
  });

  it("is at least OpenAI's own chat-format count, over by at most one token per message", () => {
    // OpenAI cookbook (num_tokens_from_messages): 3 tokens per message + 3 reply priming.
    const messages: ChatMessage[] = [
      { role: "system", content: "You are a helpful assistant." },
      { role: "user", content: "Who won the world series in 2020?" },
    ];
    const text = countTextTokens("You are a helpful assistant.") + countTextTokens("Who won the world series in 2020?");
    const openAiCount = text + 3 * messages.length + 3;
    expect(countPromptTokens(messages)).toBeGreaterThanOrEqual(openAiCount);
    expect(countPromptTokens(messages)).toBeLessThanOrEqual(openAiCount + messages.length);
  });

  it("charges a fixed count per image part, overridable", () => {
    const messages: ChatMessage[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "What is in these?" },
          { type: "image_url", image_url: { url: "https://example.com/a.png" } },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } },
        ],
      },
    ];
    const base = REPLY_PRIMING_TOKENS + TOKENS_PER_MESSAGE + countTextTokens("What is in these?");
    expect(countPromptTokens(messages)).toBe(base + 2 * IMAGE_PART_TOKENS);
    expect(countPromptTokens(messages, undefined, { imageTokens: 100 })).toBe(base + 200);
  });

  it("counts names, tool calls, tool results and tool definitions", () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "weather?", name: "alice" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
      },
      { role: "tool", content: "18°C, sunny", tool_call_id: "call_1" },
    ];
    const tools: ToolDefinition[] = [
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Current weather for a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
    ];
    const withoutTools = countPromptTokens(messages);
    expect(withoutTools).toBeGreaterThan(countPromptTokens([{ role: "user", content: "weather?" }]) + 10);
    expect(countPromptTokens(messages, tools)).toBeGreaterThan(withoutTools + countTextTokens(JSON.stringify(tools[0]!.function)));
    expect(countPromptTokens(messages, [])).toBe(withoutTools);
  });

  it("grows with the prompt", () => {
    const short = countPromptTokens([{ role: "user", content: "word ".repeat(100) }]);
    const long = countPromptTokens([{ role: "user", content: "word ".repeat(1_000) }]);
    expect(long).toBeGreaterThan(short * 5);
  });
});

describe("estimateTokensUpperBound", () => {
  it("keeps o200k counts for OpenAI models and gpt-oss anywhere", () => {
    expect(usesO200k(model("gpt-4.1-mini"))).toBe(true);
    expect(usesO200k(model("cerebras-gpt-oss-120b"))).toBe(true);
    expect(estimateTokensUpperBound(1_000, model("gpt-4o"))).toBe(1_000);
  });

  it("applies the safety factor to other tokenizers, rounding up", () => {
    expect(estimateTokensUpperBound(1_000, model("claude-sonnet-4-5"))).toBe(1_500);
    expect(estimateTokensUpperBound(7, model("gemini-2.5-flash"))).toBe(11);
    expect(estimateTokensUpperBound(0, model("llama-3.3-70b"))).toBe(0);
    expect(estimateTokensUpperBound(10, model("sim/gpt"))).toBe(15);
  });

  it("combines counting and scaling", () => {
    const messages: ChatMessage[] = [{ role: "user", content: "hello world" }];
    expect(estimatePromptTokens(model("claude-haiku-4-5"), messages)).toBe(Math.ceil(countPromptTokens(messages) * 1.5));
    expect(estimatePromptTokens(model("gpt-5"), messages)).toBe(countPromptTokens(messages));
  });
});
