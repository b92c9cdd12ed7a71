// The prompt's byte bound must never be below the o200k count, or a reservation sized on it
// could be too small; and decisions the bound settles must not run the tokenizer.
import { describe, expect, it, vi } from "vitest";
import type { ChatMessage, ToolDefinition } from "@/lib/providers/types";
import { PromptSize } from "@/lib/gateway/chat/estimate";

const texts = [
  "", "hello", "Hello, how are you today?", "<|endoftext|> and <|im_start|> as plain text",
  "日本語のテキストとカタカナ", "emoji 👩‍👩‍👧‍👦🚀🔥", "x".repeat(5000), "    indented\n\tcode();\n",
  "Ω≈ç√∫˜µ≤≥÷ åß∂ƒ©˙∆˚¬…æ", "{\"json\": [1, 2, 3], \"nested\": {\"a\": null}}",
];

function request(text: string): { messages: ChatMessage[]; tools?: ToolDefinition[] } {
  return {
    messages: [
      { role: "system", content: text },
      { role: "user", content: [{ type: "text", text }, { type: "image_url", image_url: { url: "data:image/png;base64,AA" } }] },
      { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: text } }] },
      { role: "tool", tool_call_id: "c1", content: text },
    ],
    tools: [{ type: "function", function: { name: "lookup", description: text, parameters: { type: "object" } } }],
  };
}

describe("PromptSize", () => {
  it.each(texts.map((t) => [t.slice(0, 24), t]))("bound ≥ exact o200k count: %s", (_label, text) => {
    const p = new PromptSize(request(text));
    expect(p.bound).toBeGreaterThanOrEqual(p.exact());
  });

  it("settles the context-window check on the bound when it can, counting only when it must", () => {
    const p = new PromptSize({ messages: [{ role: "user", content: "short prompt" }] });
    const exact = vi.spyOn(p, "exact");
    expect(p.fitsBelow(128_000)).toBe(true);
    expect(exact).not.toHaveBeenCalled();
    expect(p.fitsBelow(p.bound)).toBe(true); // bound too coarse here: the exact count decides
    expect(exact).toHaveBeenCalledTimes(1);
    expect(p.fitsBelow(1)).toBe(false);
  });
});
