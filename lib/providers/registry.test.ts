import { describe, expect, it } from "vitest";
import { anthropicAdapter } from "./anthropic";
import { geminiAdapter } from "./gemini";
import { openaiAdapter } from "./openai";
import { getCompatibleAdapter } from "./openai-compatible";
import {
  getAdapterForProvider,
  getGuardedProviderAdapter,
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
    expect(getAdapterForProvider("groq")).toBe(getCompatibleAdapter("groq"));
    expect(getAdapterForProvider("gemini")).toBe(geminiAdapter);
    expect(getAdapterForProvider("nope")).toBeUndefined();
  });

  it("describes every provider", () => {
    const ids = listProviders().map((p) => p.id);
    expect(ids).toEqual(["openai", "anthropic", "google", "mistral", "deepseek", "xai", "groq", "together", "fireworks", "openrouter", "cerebras", "cohere", "ollama", "vllm"]);
    expect(getProviderInfo("anthropic")).toMatchObject({
      wireFormat: "anthropic",
      defaultBaseUrl: "https://api.anthropic.com",
      apiKeyEnv: "ANTHROPIC_API_KEY",
      requiredHeaders: { "anthropic-version": "2023-06-01" },
    });
    expect(getProviderInfo("google")).toMatchObject({ wireFormat: "gemini", apiKeyEnv: "GOOGLE_API_KEY", apiKeyEnvAliases: ["GEMINI_API_KEY"] });
    expect(getProviderInfo("vllm")).toMatchObject({ wireFormat: "openai", requiresApiKey: false, baseUrlEnv: "VLLM_BASE_URL" });
  });

  it("offers guarded adapters for user-chosen endpoints", async () => {
    const err = await getGuardedProviderAdapter("openai")
      .complete(
        { model: "m", stream: false, messages: [] },
        { target: { baseUrl: "http://127.0.0.1:1/v1", apiKey: "k" }, signal: new AbortController().signal },
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "network", retryable: false, message: expect.stringContaining("loopback") });
  });
});
