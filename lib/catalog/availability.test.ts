import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { findModel, type CatalogEntry } from "@/lib/catalog";
import { availabilityForKey, deploymentAvailability, KEY_MAY_NOT_USE, unavailableMessage } from "./availability";

// This file's deployment: the emulator's simulated models and Groq; no OpenAI or Anthropic key.
beforeAll(() => {
  process.env.EMULATOR_URL = "http://127.0.0.1:9";
  process.env.GROQ_API_KEY = "gsk-platform";
  process.env.APP_URL = "https://switchyard.example";
  for (const k of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OLLAMA_BASE_URL"]) delete process.env[k];
  resetEnvForTests();
});

function model(id: string): CatalogEntry {
  const m = findModel(id);
  if (!m) throw new Error(`fixture: ${id}`);
  return m;
}

const OPENAI_REASON = "Not available on this deployment: no OpenAI key is configured. "
  + "Add your own OpenAI key under Providers (BYOK): https://switchyard.example/dashboard/providers";

describe("deploymentAvailability", () => {
  it("a configured provider serves its models; a missing key says where to add one", () => {
    expect(deploymentAvailability(model("sim/gpt"))).toEqual({ available: true, reason: null });
    expect(deploymentAvailability(model("groq/llama-3.3-70b-versatile"))).toEqual({ available: true, reason: null });
    expect(deploymentAvailability(model("openai/gpt-4o-mini"))).toEqual({ available: false, reason: OPENAI_REASON });
  });

  it("an unpriced model cannot be billed", () => {
    const unpriced = { ...model("sim/gpt"), id: "sim/unpriced", price: null };
    const a = deploymentAvailability(unpriced);
    expect(a.available).toBe(false);
    expect(a.reason).toMatch(/no price in the catalog, so requests to it cannot be billed/);
  });
});

describe("availabilityForKey", () => {
  const byok = new Map([["openai", "sk-own-key-0123456789"]]);

  it("the account's own key makes its provider's models available to it", () => {
    expect(availabilityForKey(model("openai/gpt-4o-mini"), { allowedModels: [], byok })).toEqual({ available: true, reason: null });
    expect(availabilityForKey(model("openai/gpt-4o-mini"), { allowedModels: [], byok: null }).reason).toBe(OPENAI_REASON);
    expect(availabilityForKey(model("anthropic/claude-haiku-4-5"), { allowedModels: [], byok }).available).toBe(false);
  });

  it("a test key's simulator answers every model, within allowed_models", () => {
    expect(availabilityForKey(model("openai/gpt-4o-mini"), { allowedModels: [], byok: null, testMode: true }).available).toBe(true);
    expect(availabilityForKey(model("openai/gpt-4o-mini"), { allowedModels: ["sim/gpt"], byok: null, testMode: true }).reason).toBe(KEY_MAY_NOT_USE);
  });

  it("allowed_models comes first", () => {
    expect(availabilityForKey(model("sim/gpt"), { allowedModels: ["sim/claude"], byok: null }))
      .toEqual({ available: false, reason: KEY_MAY_NOT_USE });
    expect(availabilityForKey(model("sim/claude"), { allowedModels: ["sim/claude"], byok: null }).available).toBe(true);
  });
});

describe("unavailableMessage", () => {
  it("names the model and what to do, one sentence per reason", () => {
    expect(unavailableMessage([model("openai/gpt-4o-mini")])).toBe(
      "The model 'openai/gpt-4o-mini' is not available on this deployment: no OpenAI key is configured. "
      + "Add your own OpenAI key under Providers (BYOK): https://switchyard.example/dashboard/providers");
    const several = unavailableMessage([model("openai/gpt-4o-mini"), model("openai/gpt-4.1"), model("anthropic/claude-haiku-4-5")]);
    expect(several).toMatch(/^None of the requested models is available on this deployment\. 'openai\/gpt-4o-mini', 'openai\/gpt-4.1': no OpenAI key/);
    expect(several).toContain("'anthropic/claude-haiku-4-5': no Anthropic key is configured. Add your own Anthropic key");
    const local = { ...model("sim/gpt"), id: "ollama/llama3", provider: "ollama", simulated: false };
    expect(unavailableMessage([local])).toBe("The model 'ollama/llama3' is not available on this deployment: the Ollama (local) provider is not set up here.");
  });
});
