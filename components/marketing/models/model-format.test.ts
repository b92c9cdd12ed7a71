import { describe, expect, it } from "vitest";
import type { PublicModel } from "@/lib/catalog/public-models";
import { matches, perMillion, shortReason, tokenCount } from "./model-format";

const model: PublicModel = {
  id: "openai/gpt-4.1-mini", name: "GPT-4.1 mini", providerId: "openai", provider: "OpenAI", aliases: ["gpt-4.1-mini"],
  kind: "chat", contextWindow: 1_047_576, maxOutputTokens: 32_768, price: { input: "0.4", output: "1.6", cachedInput: "0.1" },
  capabilities: ["chat", "streaming", "tools", "vision"], simulated: false, available: false,
  unavailableReason: "Not available on this deployment: no OpenAI key is configured. Add your own OpenAI key under Providers (BYOK): http://x.test/dashboard/providers",
  behaviour: null,
};
const all = { query: "", provider: "", capability: "", availableOnly: false };

describe("model page formatting", () => {
  it("shows exact decimal prices padded to cents", () => {
    expect(perMillion("2")).toBe("$2.00");
    expect(perMillion("0.075")).toBe("$0.075");
    expect(perMillion("1250.5")).toBe("$1,250.50");
    expect(perMillion(null)).toBe("—");
  });
  it("shortens token counts", () => {
    expect(tokenCount(8192)).toBe("8,192");
    expect(tokenCount(128_000)).toBe("128K");
    expect(tokenCount(1_000_000)).toBe("1M");
    expect(tokenCount(1_047_576)).toBe("1.05M");
  });
  it("turns the API's reason into a sentence for the page", () => {
    expect(shortReason(model.unavailableReason)).toEqual({ text: "No OpenAI key is configured. Add your own OpenAI key under Providers (BYOK)", byok: true });
    expect(shortReason(null)).toBeNull();
  });
});

describe("model search", () => {
  it("matches every word against id, name, provider, aliases and capabilities", () => {
    expect(matches(model, { ...all, query: "gpt mini" })).toBe(true);
    expect(matches(model, { ...all, query: "OPENAI vision" })).toBe(true);
    expect(matches(model, { ...all, query: "claude" })).toBe(false);
  });
  it("filters by provider, capability and availability", () => {
    expect(matches(model, { ...all, provider: "OpenAI", capability: "tools" })).toBe(true);
    expect(matches(model, { ...all, capability: "reasoning" })).toBe(false);
    expect(matches(model, { ...all, availableOnly: true })).toBe(false);
  });
});
