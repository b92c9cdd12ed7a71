// The words each blend stage's model receives. The user's conversation is passed on
// unchanged (images and earlier turns included); a stage's instructions and the answers it
// works from travel in one extra system message, as the Mixture-of-Agents reference
// implementation does, so the model still answers the user's last message itself.
import type { ChatMessage } from "@/lib/providers/types";
import type { BlendStrategy } from "./options";

/** One answer a later stage works from. `label` says who wrote it ("sim/gpt", "sample 2"). */
export type Reference = { label: string; text: string };

const ANSWER_DIRECTLY =
  "Answer the user's last message directly, in the user's language. Do not mention that you were given other answers, and do not name the models.";

export const SYNTHESIS_INSTRUCTIONS: Readonly<Record<Exclude<BlendStrategy, "chain">, string>> = {
  consensus:
    "You merge several answers to the user's last message into one answer that is better than each of them. " +
    "Keep the strongest points of every answer; where the answers contradict each other, decide which view is right and why " +
    "(or state the uncertainty plainly); drop errors and repetition. " + ANSWER_DIRECTLY,
  council:
    "You chair a council whose members each answered the user's last message. Deliberate on their answers and reply with " +
    "exactly these four sections, in this order, each under its own heading: 'Agreements' (what the members agree on), " +
    "'Disagreements' (where they differ, who holds which view and which view the evidence favours), 'Open questions' " +
    "(what none of them settles) and 'Conclusion' (the council's answer to the user). You may name the members by their labels.",
  best_of:
    "Several answers to the user's last message follow. First pick the single best one for correctness, completeness and " +
    "clarity, and say which on a first line of the form 'Best answer: <label>'. Then give that answer improved with the " +
    "correct, useful points of the other answers, fixing anything they show to be wrong.",
  moa:
    "You have been given a set of answers from several models to the user's last message. Synthesize them into a single, " +
    "high-quality answer. Evaluate the information critically: some of it may be biased or wrong. Do not simply copy the " +
    "answers; give a refined, accurate and comprehensive reply that follows the user's instructions. " + ANSWER_DIRECTLY,
  self_moa:
    "You have been given several samples of answers to the user's last message, written independently. Synthesize them into " +
    "a single, high-quality answer: keep what the samples agree on and what is best in each, check the points where they " +
    "differ, and drop errors. " + ANSWER_DIRECTLY,
};

/** Chain: one step integrates one more answer into the draft so far. */
export const CHAIN_INSTRUCTION =
  "You build an answer to the user's last message by integrating answers one at a time. You are given the current draft " +
  "and the next answer. Write a new draft: keep what is right in the draft, integrate the correct, useful points of the " +
  "next answer, resolve contradictions between them, and drop errors and repetition. " + ANSWER_DIRECTLY;

/** Self-MoA: each sample gets a different angle (and temperature) so the samples differ. */
export const SAMPLE_ANGLES: readonly string[] = [
  "Answer directly and concisely.",
  "Reason step by step before giving your answer.",
  "Favour concrete, practical examples.",
  "Pay special attention to edge cases, caveats and common mistakes.",
  "Explain it as you would to a newcomer to the subject.",
  "Question the obvious answer first, then give the best one.",
  "Be rigorous and precise; state your assumptions.",
  "Structure your answer with short headings or lists.",
];

/** "### Answer 1 (sim/gpt)\n…" blocks, in order. */
export function formatReferences(title: string, refs: readonly Reference[]): string {
  return refs.map((r, i) => `### ${title} ${i + 1} (${r.label})\n${r.text.trim()}`).join("\n\n");
}

export function synthesisSystemText(strategy: Exclude<BlendStrategy, "chain">, refs: readonly Reference[]): string {
  const title = strategy === "self_moa" ? "Sample" : "Answer";
  return `${SYNTHESIS_INSTRUCTIONS[strategy]}\n\n${formatReferences(title, refs)}`;
}

export function chainSystemText(draft: Reference, next: Reference, step: number, steps: number): string {
  return (
    `${CHAIN_INSTRUCTION}\n\nThis is step ${step} of ${steps}.\n\n` +
    `### Current draft (${draft.label})\n${draft.text.trim()}\n\n### Next answer (${next.label})\n${next.text.trim()}`
  );
}

/**
 * The conversation with one more system message: after the client's own leading system
 * messages (their persona and rules still come first), before the first turn.
 */
export function withStageInstructions(messages: readonly ChatMessage[], text: string): ChatMessage[] {
  let at = 0;
  while (at < messages.length && (messages[at]!.role === "system" || messages[at]!.role === "developer")) at++;
  return [...messages.slice(0, at), { role: "system", content: text }, ...messages.slice(at)];
}
