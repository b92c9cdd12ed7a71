import { describe, expect, it } from "vitest";
import type { ModelOption } from "@/lib/playground/model-options";
import { playgroundDefaults } from "@/lib/playground/models";

const m = (id: string, o: Partial<ModelOption> = {}): ModelOption => ({
  id, name: id, provider: id.split("/")[0]!, providerName: id, inputPerM: "1", outputPerM: "2", contextWindow: 128_000,
  capabilities: ["json"], simulated: id.startsWith("sim/"), available: true, reason: null, ...o,
});

describe("playgroundDefaults", () => {
  it("preselects three available models for Compare: real before simulated, never the fault demos or unavailable ones", () => {
    const d = playgroundDefaults([
      m("sim/gpt"), m("sim/down"), m("openai/gpt-x", { available: false, reason: "add your key" }), m("anthropic/c"), m("sim/flaky"), m("sim/fast"),
    ]);
    expect(d.compare).toEqual(["anthropic/c", "sim/gpt", "sim/fast"]);
    expect(d.chat).toBe("auto");
  });

  it("judges with a model outside the contestants, preferring one with a JSON mode", () => {
    const d = playgroundDefaults([m("sim/gpt"), m("sim/claude"), m("sim/noj", { capabilities: [] }), m("sim/gemini")]);
    expect(d.judge).toEqual({ contestants: ["sim/gpt", "sim/claude"], judge: "sim/gemini" });
    expect(d.blend).toEqual({ models: ["sim/gpt", "sim/claude"], synthesizer: "sim/noj" });
  });

  it("leaves everything empty when nothing can run", () => {
    expect(playgroundDefaults([m("sim/down")])).toEqual({ compare: [], chat: "", blend: { models: [], synthesizer: "" }, judge: { contestants: [], judge: "" } });
  });
});
