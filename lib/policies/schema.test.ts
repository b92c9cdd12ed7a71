// The one validator of a policy's settings (API bodies, the page's form, upsertPolicy's callers).
import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { formToPolicyBody, policyFormFieldOf } from "./form";
import { checkPolicyInput, parsePolicyCreate, parsePolicyPatch } from "./schema";
import type { PolicyInput } from "./types";

beforeAll(() => {
  process.env.EMULATOR_URL = "http://127.0.0.1:9";
  resetEnvForTests();
});

function paramOf(fn: () => unknown): string | null {
  try {
    fn();
  } catch (err) {
    if (isAppError(err) && err.status === 400) return err.param;
    throw err;
  }
  throw new Error("expected a 400");
}

const input: PolicyInput = { name: "cheap", goal: "cost", allowedModels: [], maxFallbacks: 0, maxCostPerRequest: null, maxLatencyMs: null };

describe("parsePolicyCreate / parsePolicyPatch", () => {
  it("fills the defaults, resolves aliases to ids, takes credits exactly", () => {
    expect(parsePolicyCreate({ name: "a.b_c-1" })).toEqual({
      name: "a.b_c-1", goal: "balanced", allowedModels: [], maxFallbacks: 2, maxCostPerRequest: null, maxLatencyMs: null,
    });
    expect(parsePolicyCreate({ name: "x", allowed_models: ["gpt-4o-mini", "openai/gpt-4o-mini"], max_cost_per_request: "0.0000000001",
      max_latency_ms: 800, max_fallbacks: 5, goal: "reliability" })).toEqual({
      name: "x", goal: "reliability", allowedModels: ["openai/gpt-4o-mini"], maxFallbacks: 5, maxCostPerRequest: 1n, maxLatencyMs: 800,
    });
  });

  it("a patch carries only what it names; null clears a limit; the name cannot change", () => {
    expect(parsePolicyPatch({ max_latency_ms: null })).toEqual({ maxLatencyMs: null });
    expect(parsePolicyPatch({})).toEqual({});
    expect(paramOf(() => parsePolicyPatch({ name: "y" }))).toBe("name");
  });

  it("each bad field is a 400 naming it", () => {
    expect(paramOf(() => parsePolicyCreate({ name: "UPPER" }))).toBe("name");
    expect(paramOf(() => parsePolicyCreate({ name: "a".repeat(65) }))).toBe("name");
    expect(paramOf(() => parsePolicyCreate({ name: "x", max_fallbacks: -1 }))).toBe("max_fallbacks");
    expect(paramOf(() => parsePolicyCreate({ name: "x", max_cost_per_request: "0" }))).toBe("max_cost_per_request");
    expect(paramOf(() => parsePolicyCreate({ name: "x", allowed_models: ["sim/gpt", "nope"] }))).toBe("allowed_models[1]");
    expect(paramOf(() => parsePolicyCreate(null))).toBeNull();
  });
});

describe("checkPolicyInput (upsertPolicy's callers)", () => {
  it("accepts a valid input, with aliases resolved", () => {
    expect(checkPolicyInput({ ...input, allowedModels: ["gpt-4o-mini"] }).allowedModels).toEqual(["openai/gpt-4o-mini"]);
  });

  it("refuses what the API would", () => {
    expect(paramOf(() => checkPolicyInput({ ...input, name: "Bad" }))).toBe("name");
    expect(paramOf(() => checkPolicyInput({ ...input, maxFallbacks: 6 }))).toBe("max_fallbacks");
    expect(paramOf(() => checkPolicyInput({ ...input, maxCostPerRequest: 0n }))).toBe("max_cost_per_request");
    expect(paramOf(() => checkPolicyInput({ ...input, maxLatencyMs: 0 }))).toBe("max_latency_ms");
  });
});

describe("the page's form", () => {
  const form = (entries: Array<[string, string]>) => {
    const data = new FormData();
    for (const [k, v] of entries) data.append(k, v);
    return data;
  };

  it("maps onto the API's shape; empty limits are null; a non-number reaches the validator as text", () => {
    expect(formToPolicyBody(form([["name", " cheap "], ["goal", "cost"], ["allowed_models", "sim/gpt"], ["max_fallbacks", "1"],
      ["max_cost_per_request", "1,000.5"], ["max_latency_ms", ""]]), "create")).toEqual({
      name: "cheap", goal: "cost", allowed_models: ["sim/gpt"], max_fallbacks: 1, max_cost_per_request: "1000.5", max_latency_ms: null,
    });
    const update = formToPolicyBody(form([["name", "ignored"], ["max_fallbacks", "two"]]), "update");
    expect(update).not.toHaveProperty("name");
    expect(update.max_fallbacks).toBe("two");
    expect(paramOf(() => parsePolicyPatch(update))).toBe("max_fallbacks");
    expect(policyFormFieldOf("allowed_models[3]")).toBe("allowed_models");
  });
});
