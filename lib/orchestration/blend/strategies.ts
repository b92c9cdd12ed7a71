// The stages of a blend and the messages each stage's models receive. Pure: the caller
// runs a stage, hands back the answers that came through, and asks for the next stage, so
// later stages are built from what actually arrived (a failed source is left out).
//
//   consensus | council | best_of   source (models, in parallel) → synthesis
//   chain                           source → synthesis steps 1..n−1, each integrating the next answer into the draft
//   moa                             layer_1 → … → layer_L (each sees the previous layer's answers) → synthesis
//   self_moa                        source (one model × samples; temperature and angle vary) → synthesis
import type { ChatMessage } from "@/lib/providers/types";
import type { BlendOptions } from "./options";
import {
  SAMPLE_ANGLES,
  chainSystemText,
  synthesisSystemText,
  withStageInstructions,
  type Reference,
} from "./prompts";

export type BlendStage = "source" | `layer_${number}` | "synthesis";

/** One model call of a stage. `index` is the position the events report. */
export type SubCallSpec = {
  stage: BlendStage;
  model: string;
  index: number;
  messages: ChatMessage[];
  /** Overrides the request's temperature (self_moa samples). */
  temperature?: number;
};

export type StageSpec = {
  stage: BlendStage;
  calls: SubCallSpec[];
  /** True for the stage whose answer is the blend's answer. */
  final: boolean;
  /** Chain: which integration step this is (1-based) and how many there are. */
  step?: number;
  steps?: number;
};

export type StageAnswer = { model: string; index: number; text: string };
/** A stage that ran: only the answers that came through, in index order. */
export type CompletedStage = { stage: BlendStage; answers: StageAnswer[] };

/** The self_moa sample temperatures: spread evenly over 0.4–1.2 (Anthropic clamps at 1). */
export function sampleTemperature(i: number, samples: number): number {
  if (samples <= 1) return 0.7;
  return Math.round((0.4 + (0.8 * i) / (samples - 1)) * 100) / 100;
}

function synthesisCall(opts: BlendOptions, messages: ChatMessage[], text: string, index = 0): SubCallSpec {
  return { stage: "synthesis", model: opts.synthesizer, index, messages: withStageInstructions(messages, text) };
}

function sourceStage(opts: BlendOptions, messages: ChatMessage[]): StageSpec {
  if (opts.strategy === "self_moa") {
    const model = opts.models[0]!;
    const calls = Array.from({ length: opts.samples }, (_, i): SubCallSpec => ({
      stage: "source",
      model,
      index: i,
      messages: withStageInstructions(messages, SAMPLE_ANGLES[i % SAMPLE_ANGLES.length]!),
      temperature: sampleTemperature(i, opts.samples),
    }));
    return { stage: "source", calls, final: false };
  }
  const stage: BlendStage = opts.strategy === "moa" ? "layer_1" : "source";
  return { stage, calls: opts.models.map((model, index) => ({ stage, model, index, messages })), final: false };
}

function referencesOf(opts: BlendOptions, answers: readonly StageAnswer[]): Reference[] {
  return answers.map((a) => ({ label: opts.strategy === "self_moa" ? `sample ${a.index + 1}` : a.model, text: a.text }));
}

function chainStep(opts: BlendOptions, messages: ChatMessage[], sources: StageAnswer[], steps: CompletedStage[]): StageSpec | null {
  const refs = referencesOf(opts, sources);
  if (refs.length === 1) {
    // Only one source came through: nothing to integrate, so the one step refines it.
    if (steps.length > 0) return null;
    return { stage: "synthesis", calls: [synthesisCall(opts, messages, synthesisSystemText("consensus", refs))], final: true, step: 1, steps: 1 };
  }
  const total = refs.length - 1;
  const step = steps.length + 1;
  if (step > total) return null;
  const previous = steps[steps.length - 1]?.answers[0];
  const draft: Reference = previous ? { label: `draft after step ${step - 1}`, text: previous.text } : refs[0]!;
  const text = chainSystemText(draft, refs[step]!, step, total);
  return { stage: "synthesis", calls: [synthesisCall(opts, messages, text, step - 1)], final: step === total, step, steps: total };
}

/**
 * The next stage, given the stages that ran (in order); null when the blend is complete.
 * Callers stop before asking when a stage produced no answer at all.
 */
export function nextBlendStage(opts: BlendOptions, messages: ChatMessage[], done: readonly CompletedStage[]): StageSpec | null {
  if (done.length === 0) return sourceStage(opts, messages);
  const last = done[done.length - 1]!;
  if (last.answers.length === 0) throw new Error(`nextBlendStage: stage ${last.stage} produced no answer`);
  const first = done[0]!;

  if (opts.strategy === "chain") return chainStep(opts, messages, first.answers, done.slice(1));
  if (last.stage === "synthesis") return null;

  if (opts.strategy === "moa") {
    const layer = done.length; // layers run so far
    const refs = referencesOf(opts, last.answers);
    if (layer < opts.layers) {
      const stage = `layer_${layer + 1}` as const;
      const text = synthesisSystemText("moa", refs);
      const calls = opts.models.map((model, index): SubCallSpec => ({ stage, model, index, messages: withStageInstructions(messages, text) }));
      return { stage, calls, final: false };
    }
    return { stage: "synthesis", calls: [synthesisCall(opts, messages, synthesisSystemText("moa", refs))], final: true };
  }
  const text = synthesisSystemText(opts.strategy, referencesOf(opts, last.answers));
  return { stage: "synthesis", calls: [synthesisCall(opts, messages, text)], final: true };
}

/** Every call the blend will make if every call succeeds, stage by stage (for docs and estimates). */
export function blendOutline(opts: BlendOptions): Array<{ stage: BlendStage; models: string[] }> {
  const sources = opts.strategy === "self_moa" ? Array<string>(opts.samples).fill(opts.models[0]!) : opts.models;
  if (opts.strategy === "moa") {
    const layers = Array.from({ length: opts.layers }, (_, i) => ({ stage: `layer_${i + 1}` as BlendStage, models: opts.models }));
    return [...layers, { stage: "synthesis", models: [opts.synthesizer] }];
  }
  const steps = opts.strategy === "chain" ? Math.max(1, opts.models.length - 1) : 1;
  return [
    { stage: "source", models: sources },
    ...Array.from({ length: steps }, () => ({ stage: "synthesis" as BlendStage, models: [opts.synthesizer] })),
  ];
}
