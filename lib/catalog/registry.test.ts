// Mutates the process-wide catalog; vitest isolates modules per test file, so this file's
// registration does not leak into the other catalog tests.
import { describe, expect, it } from "vitest";
import {
  catalogVersion,
  currentCatalogVersion,
  findModel,
  getPrice,
  listModels,
  registerCustomModels,
  requirePrice,
  UnpricedModelError,
} from "./index";

const customPriced = {
  id: "vllm/llama-3.1-8b",
  provider: "vllm",
  upstreamModel: "meta-llama/Llama-3.1-8B-Instruct",
  wireFormat: "openai",
  aliases: ["local-llama"],
  displayName: "Llama 3.1 8B (self-hosted vLLM)",
  simulated: false,
  price: { input: "0.01", output: "0.02", cachedInput: null, cacheWrite: null },
  contextWindow: 131_072,
  maxOutputTokens: 8_192,
  capabilities: ["chat", "streaming"],
  priceSource: "operator",
  priceDate: "2026-11-01",
  contextWindowSource: "operator",
  maxOutputTokensSource: "operator",
  notes: null,
};
const customUnpriced = { ...customPriced, id: "vllm/new-model", aliases: ["new-model"], price: null };

describe("registerCustomModels", () => {
  it("merges validated operator models into the process-wide catalog", () => {
    const before = findModel("gpt-4o");
    const countBefore = listModels().length;
    registerCustomModels([customPriced, customUnpriced]);

    expect(listModels()).toHaveLength(countBefore + 2);
    expect(findModel("LOCAL-LLAMA")?.id).toBe("vllm/llama-3.1-8b");
    expect(getPrice("local-llama")?.inputPerToken).toBe(10_000n);
    expect(getPrice("new-model")).toBeNull();
    expect(() => requirePrice("new-model")).toThrow(UnpricedModelError);

    expect(catalogVersion).not.toContain("+custom");
    expect(currentCatalogVersion()).toMatch(/\+custom\.[0-9a-f]{8}$/);
    expect(getPrice("local-llama")?.catalogVersion).toBe(currentCatalogVersion());
    // An entry fetched before the swap still prices, at the new catalog version.
    expect(before && getPrice(before)?.catalogVersion).toBe(currentCatalogVersion());
  });

  it("rejects invalid entries without touching the live catalog", () => {
    const version = currentCatalogVersion();
    expect(() => registerCustomModels([{ ...customPriced, id: "vllm/other", wireFormat: "grpc" }])).toThrow();
    expect(currentCatalogVersion()).toBe(version);
  });
});
