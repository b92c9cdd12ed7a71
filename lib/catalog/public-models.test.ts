import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { listModels } from "@/lib/catalog/registry";
import { publicModels } from "@/lib/catalog/public-models";

const saved = process.env.EMULATOR_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.EMULATOR_URL; else process.env.EMULATOR_URL = saved;
  resetEnvForTests();
});

describe("publicModels (the /models page)", () => {
  it("lists the real catalog with provider names, prices and this deployment's availability", () => {
    delete process.env.EMULATOR_URL;
    resetEnvForTests();
    const models = publicModels();
    expect(models.map((m) => m.id).sort()).toEqual(listModels().map((m) => m.id).sort());
    expect(models.some((m) => m.simulated)).toBe(false);
    const gpt = models.find((m) => m.id === "openai/gpt-4.1")!;
    expect(gpt).toMatchObject({ provider: "OpenAI", kind: "chat", price: { input: "2", output: "8", cachedInput: "0.5" }, behaviour: null });
    expect(gpt.contextWindow).toBeGreaterThan(0);
    // The same view as GET /v1/models: a model is available exactly when it says why not otherwise.
    for (const m of models) expect(m.available).toBe(m.unavailableReason === null);
    const firstUnavailable = models.findIndex((m) => !m.available);
    if (firstUnavailable >= 0) expect(models.slice(firstUnavailable).every((m) => !m.available)).toBe(true);
  });

  it("includes the simulated models, with what each does, when the emulator is configured", () => {
    process.env.EMULATOR_URL = "http://127.0.0.1:9";
    resetEnvForTests();
    const down = publicModels().find((m) => m.id === "sim/down");
    expect(down).toMatchObject({ provider: "Simulated", simulated: true });
    expect(down!.behaviour).toMatch(/fails/i);
  });
});
