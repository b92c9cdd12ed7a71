import { describe, expect, it } from "vitest";
import { anthropicAdapter } from "./anthropic";
import { geminiAdapter } from "./gemini";
import { openaiAdapter } from "./openai";
import { getCompatibleAdapter } from "./openai-compatible";
import {
  getProviderAdapter,
  getProviderInfo,
  listProviders,
} from "./registry";

describe("registry", () => {
  it("returns the adapter for each wire format", () => {
    expect(getProviderAdapter("openai")).toBe(openaiAdapter);
    expect(getProviderAdapter("anthropic")).toBe(anthropicAdapter);
    expect(getProviderAdapter("gemini")).toBe(geminiAdapter);
  });

  it("returns a compatible provider's own dialect adapter when given its id", () => {
    expect(getProviderAdapter("openai", "mistral")).toBe(getCompatibleAdapter("mistral"));
    expect(getProviderAdapter("openai", "openai")).toBe(openaiAdapter);
    expect(getProviderAdapter("anthropic", "mistral")).toBe(anthropicAdapter);
  });

  it("describes every provider", () => {
    const ids = listProviders().map((p) => p.id);
    expect(ids).toEqual(["openai", "anthropic", "google", "mistral", "deepseek", "xai", "groq", "together", "fireworks", "openrouter", "cerebras", "cohere", "ollama", "vllm"]);
    expect(getProviderInfo("anthropic")).toMatchObject({
      wireFormat: "anthropic",
      defaultBaseUrl: "https://api.anthropic.com",
      requiredHeaders: { "anthropic-version": "2023-06-01" },
    });
    expect(getProviderInfo("gemini")).toMatchObject({ id: "google", wireFormat: "gemini" });
    expect(getProviderInfo("vllm")).toMatchObject({ wireFormat: "openai", requiresApiKey: false, local: true });
  });
});
