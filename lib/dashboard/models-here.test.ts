import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import type { PublicModel } from "@/lib/catalog/public-models";
import { modelsHere, modelsHereFrom } from "@/lib/dashboard/models-here";

const saved = process.env.EMULATOR_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.EMULATOR_URL; else process.env.EMULATOR_URL = saved;
  resetEnvForTests();
});

function model(id: string, over: Partial<PublicModel> = {}): PublicModel {
  const simulated = id.startsWith("sim/");
  return {
    id, name: id, providerId: id.split("/")[0]!, provider: simulated ? "Simulated" : "Provider", aliases: [], kind: "chat",
    contextWindow: 128_000, maxOutputTokens: 4_096, price: { input: "1", output: "2", cachedInput: null }, capabilities: ["chat"],
    simulated, available: true, unavailableReason: null, behaviour: simulated ? `${id} behaviour` : null, ...over,
  };
}

describe("modelsHereFrom", () => {
  it("lists available chat models, simulated first (plain, then demos), real ones by price; counts the rest", () => {
    const here = modelsHereFrom([
      model("openai/gpt-4.1", { price: { input: "2", output: "8", cachedInput: null } }),
      model("sim/down"),
      model("openai/gpt-4o-mini", { price: { input: "0.15", output: "0.6", cachedInput: null } }),
      model("sim/fast"),
      model("sim/gpt"),
      model("anthropic/claude", { available: false, unavailableReason: "no key" }),
      model("sim/embed", { kind: "embedding" }),
    ]);
    expect(here.chat.map((m) => m.id)).toEqual(["sim/gpt", "sim/fast", "sim/down", "openai/gpt-4o-mini", "openai/gpt-4.1"]);
    expect(here.chat.find((m) => m.id === "sim/down")!.behaviour).toBe("sim/down behaviour");
    expect(here.unavailable).toBe(1);
    // A first call never picks a model that fails on purpose, nor an unavailable or embedding one.
    expect(here.firstCall).toEqual(["sim/gpt", "sim/fast", "openai/gpt-4o-mini", "openai/gpt-4.1"]);
  });

  it("falls back to the cheapest real model without the simulator", () => {
    const here = modelsHereFrom([
      model("openai/gpt-4.1", { price: { input: "2", output: "8", cachedInput: null } }),
      model("openai/gpt-4.1-nano", { price: { input: "0.1", output: "0.4", cachedInput: null } }),
    ]);
    expect(here.firstCall[0]).toBe("openai/gpt-4.1-nano");
  });
});

describe("modelsHere (this deployment)", () => {
  it("with the emulator configured, a first call uses sim/gpt and the demos are described", () => {
    process.env.EMULATOR_URL = "http://127.0.0.1:9";
    resetEnvForTests();
    const here = modelsHere();
    expect(here.firstCall[0]).toBe("sim/gpt");
    expect(here.firstCall).not.toContain("sim/down");
    for (const id of ["sim/down", "sim/flaky", "sim/cut", "sim/slow", "sim/rate-limited"]) {
      expect(here.chat.find((m) => m.id === id)?.behaviour).toBeTruthy();
    }
  });
});
