import { describe, expect, it } from "vitest";
import type { ChatMessage } from "@/lib/providers/types";
import { resolveBlendOptions, type BlendOptions, type BlendStrategy } from "./options";
import { SAMPLE_ANGLES, SYNTHESIS_INSTRUCTIONS, CHAIN_INSTRUCTION } from "./prompts";
import { blendOutline, nextBlendStage, sampleTemperature, type CompletedStage, type StageSpec } from "./strategies";

const CONVERSATION: ChatMessage[] = [
  { role: "system", content: "You are terse." },
  { role: "user", content: "What is the capital of France?" },
];

function options(strategy: BlendStrategy, extra: Partial<{ models: string[]; layers: number; samples: number; synthesizer: string }> = {}): BlendOptions {
  const models = extra.models ?? (strategy === "self_moa" ? ["sim/gpt"] : ["sim/gpt", "sim/claude", "sim/gemini"]);
  return resolveBlendOptions({ strategy, models, synthesizer: extra.synthesizer, layers: extra.layers, samples: extra.samples });
}

/** Runs the planner as the orchestrator would, answering every call with "<model>#<stage>#<index>". */
function runAll(opts: BlendOptions): { stages: StageSpec[]; done: CompletedStage[] } {
  const stages: StageSpec[] = [];
  const done: CompletedStage[] = [];
  for (let stage = nextBlendStage(opts, CONVERSATION, done); stage; stage = nextBlendStage(opts, CONVERSATION, done)) {
    stages.push(stage);
    done.push({ stage: stage.stage, answers: stage.calls.map((c) => ({ model: c.model, index: c.index, text: `${c.model}#${c.stage}#${c.index}` })) });
    if (stages.length > 20) throw new Error("planner does not terminate");
  }
  return { stages, done };
}

function systemTexts(messages: ChatMessage[]): string[] {
  return messages.filter((m) => m.role === "system").map((m) => (typeof m.content === "string" ? m.content : ""));
}

describe("blend strategies: stages and prompts", () => {
  it.each(["consensus", "council", "best_of"] as const)("%s: the sources get the conversation untouched, then one synthesis sees every answer", (strategy) => {
    const { stages } = runAll(options(strategy));
    expect(stages.map((s) => s.stage)).toEqual(["source", "synthesis"]);
    expect(stages[0]!.calls.map((c) => [c.model, c.index])).toEqual([["sim/gpt", 0], ["sim/claude", 1], ["sim/gemini", 2]]);
    for (const call of stages[0]!.calls) expect(call.messages).toEqual(CONVERSATION);
    const synthesis = stages[1]!;
    expect(synthesis.final).toBe(true);
    expect(synthesis.calls).toHaveLength(1);
    expect(synthesis.calls[0]!).toMatchObject({ model: "sim/gpt", index: 0, stage: "synthesis" });
    const messages = synthesis.calls[0]!.messages;
    // The client's system prompt stays first; the last turn is still the user's question.
    expect(messages[0]).toEqual(CONVERSATION[0]);
    expect(messages[messages.length - 1]).toEqual(CONVERSATION[1]);
    const instructions = systemTexts(messages)[1]!;
    expect(instructions.startsWith(SYNTHESIS_INSTRUCTIONS[strategy])).toBe(true);
    expect(instructions).toContain("### Answer 1 (sim/gpt)\nsim/gpt#source#0");
    expect(instructions).toContain("### Answer 2 (sim/claude)\nsim/claude#source#1");
    expect(instructions).toContain("### Answer 3 (sim/gemini)\nsim/gemini#source#2");
  });

  it("council asks for agreements, disagreements, open questions and a conclusion, in that order", () => {
    const text = SYNTHESIS_INSTRUCTIONS.council;
    const order = ["'Agreements'", "'Disagreements'", "'Open questions'", "'Conclusion'"].map((h) => text.indexOf(h));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("best_of asks to pick the best answer, name it, then improve it with the others", () => {
    expect(SYNTHESIS_INSTRUCTIONS.best_of).toMatch(/pick the single best one/);
    expect(SYNTHESIS_INSTRUCTIONS.best_of).toMatch(/Best answer: <label>/);
    expect(SYNTHESIS_INSTRUCTIONS.best_of).toMatch(/improved with the correct, useful points of the other answers/);
  });

  it("chain integrates the answers one after another: n−1 sequential steps, each on the previous draft", () => {
    const opts = options("chain", { models: ["sim/gpt", "sim/claude", "sim/gemini", "sim/fast"], synthesizer: "sim/fast" });
    const { stages } = runAll(opts);
    expect(stages.map((s) => [s.stage, s.step, s.steps, s.final])).toEqual([
      ["source", undefined, undefined, false],
      ["synthesis", 1, 3, false],
      ["synthesis", 2, 3, false],
      ["synthesis", 3, 3, true],
    ]);
    const steps = stages.slice(1).map((s) => s.calls[0]!);
    expect(steps.map((c) => [c.model, c.index])).toEqual([["sim/fast", 0], ["sim/fast", 1], ["sim/fast", 2]]);
    const texts = steps.map((c) => systemTexts(c.messages)[1]!);
    for (const t of texts) expect(t.startsWith(CHAIN_INSTRUCTION)).toBe(true);
    expect(texts[0]).toContain("### Current draft (sim/gpt)\nsim/gpt#source#0");
    expect(texts[0]).toContain("### Next answer (sim/claude)\nsim/claude#source#1");
    expect(texts[1]).toContain("### Current draft (draft after step 1)\nsim/fast#synthesis#0");
    expect(texts[1]).toContain("### Next answer (sim/gemini)\nsim/gemini#source#2");
    expect(texts[2]).toContain("### Current draft (draft after step 2)\nsim/fast#synthesis#1");
    expect(texts[2]).toContain("### Next answer (sim/fast)\nsim/fast#source#3");
    expect(texts[2]).toContain("This is step 3 of 3.");
  });

  it("chain with a failed source integrates only the answers that came through", () => {
    const opts = options("chain");
    const source = nextBlendStage(opts, CONVERSATION, [])!;
    const done: CompletedStage[] = [{ stage: "source", answers: [{ model: "sim/gemini", index: 2, text: "only one" }] }];
    const only = nextBlendStage(opts, CONVERSATION, done)!;
    expect(source.calls).toHaveLength(3);
    expect(only).toMatchObject({ stage: "synthesis", final: true, step: 1, steps: 1 });
    expect(systemTexts(only.calls[0]!.messages)[1]).toContain("### Answer 1 (sim/gemini)\nonly one");
    done.push({ stage: "synthesis", answers: [{ model: "sim/gpt", index: 0, text: "x" }] });
    expect(nextBlendStage(opts, CONVERSATION, done)).toBeNull();
  });

  it.each([1, 2, 3])("moa with %i layer(s): each layer's models see the previous layer's answers, then the synthesizer sees the last layer", (layers) => {
    const opts = options("moa", { models: ["sim/gpt", "sim/claude"], layers, synthesizer: "sim/gemini" });
    const { stages } = runAll(opts);
    const names = [...Array.from({ length: layers }, (_, i) => `layer_${i + 1}`), "synthesis"];
    expect(stages.map((s) => s.stage)).toEqual(names);
    for (const call of stages[0]!.calls) expect(call.messages).toEqual(CONVERSATION);
    for (let l = 1; l < layers; l++) {
      for (const call of stages[l]!.calls) {
        expect(call.stage).toBe(`layer_${l + 1}`);
        const text = systemTexts(call.messages)[1]!;
        expect(text.startsWith(SYNTHESIS_INSTRUCTIONS.moa)).toBe(true);
        expect(text).toContain(`### Answer 1 (sim/gpt)\nsim/gpt#layer_${l}#0`);
        expect(text).toContain(`### Answer 2 (sim/claude)\nsim/claude#layer_${l}#1`);
      }
      expect(stages[l]!.calls.map((c) => [c.model, c.index])).toEqual([["sim/gpt", 0], ["sim/claude", 1]]);
    }
    const synthesis = stages[layers]!.calls[0]!;
    expect(synthesis.model).toBe("sim/gemini");
    expect(systemTexts(synthesis.messages)[1]).toContain(`sim/claude#layer_${layers}#1`);
    expect(stages.filter((s) => s.final).map((s) => s.stage)).toEqual(["synthesis"]);
  });

  it.each([2, 5, 8])("self_moa with %i samples: one model, a different temperature and angle per sample", (samples) => {
    const opts = options("self_moa", { samples });
    const { stages } = runAll(opts);
    expect(stages.map((s) => s.stage)).toEqual(["source", "synthesis"]);
    const calls = stages[0]!.calls;
    expect(calls.map((c) => c.model)).toEqual(Array(samples).fill("sim/gpt"));
    expect(calls.map((c) => c.index)).toEqual(Array.from({ length: samples }, (_, i) => i));
    const temperatures = calls.map((c) => c.temperature);
    expect(new Set(temperatures).size).toBe(samples);
    expect(temperatures[0]).toBe(0.4);
    expect(temperatures[samples - 1]).toBe(1.2);
    const angles = calls.map((c) => systemTexts(c.messages)[1]);
    expect(angles).toEqual(SAMPLE_ANGLES.slice(0, samples));
    for (const c of calls) expect(c.messages[c.messages.length - 1]).toEqual(CONVERSATION[1]);
    const synthesis = systemTexts(stages[1]!.calls[0]!.messages)[1]!;
    expect(synthesis.startsWith(SYNTHESIS_INSTRUCTIONS.self_moa)).toBe(true);
    expect(synthesis).toContain(`### Sample ${samples} (sample ${samples})\nsim/gpt#source#${samples - 1}`);
  });

  it("a conversation without a system prompt gets the instructions first", () => {
    const opts = options("consensus");
    const conversation: ChatMessage[] = [{ role: "user", content: "hi" }];
    const stage = nextBlendStage(opts, conversation, [{ stage: "source", answers: [{ model: "sim/gpt", index: 0, text: "a" }] }])!;
    expect(stage.calls[0]!.messages.map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("a stage without any answer stops the planner (the caller reports the failure)", () => {
    expect(() => nextBlendStage(options("consensus"), CONVERSATION, [{ stage: "source", answers: [] }])).toThrow(/produced no answer/);
  });

  it("the outline counts every call of the full plan", () => {
    expect(blendOutline(options("consensus")).map((s) => [s.stage, s.models.length])).toEqual([["source", 3], ["synthesis", 1]]);
    expect(blendOutline(options("chain")).map((s) => s.stage)).toEqual(["source", "synthesis", "synthesis"]);
    expect(blendOutline(options("moa", { layers: 3 })).map((s) => s.stage)).toEqual(["layer_1", "layer_2", "layer_3", "synthesis"]);
    expect(blendOutline(options("self_moa", { samples: 6 }))[0]!.models).toEqual(Array(6).fill("sim/gpt"));
  });

  it("sample temperatures are spread evenly", () => {
    expect([0, 1, 2, 3].map((i) => sampleTemperature(i, 4))).toEqual([0.4, 0.67, 0.93, 1.2]);
  });
});
