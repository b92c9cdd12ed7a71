// Estimate-only (issue #22.2): what a replay would cost, from the logged token counts at the
// candidate's (and the judge's) catalog price plus the markup — exact BigInt units, the same
// arithmetic settlement uses per request (computeCost, then withMarkup per call). Nothing is
// called and nothing is spent.
//
// The judge's call is estimated from what it will read: the original prompt, both answers
// (the candidate's taken as long as the original's) and its instructions; and what it writes
// (a verdict of about JUDGE_OUTPUT_ESTIMATE tokens).
import { computeCost, type PriceSnapshot } from "@/lib/catalog";
import { withMarkup } from "@/lib/billing/settlement/markup";

/** The judge's instructions and verdict schema, in tokens (judge/prompt.ts with two contestants: ~450). */
export const JUDGE_OVERHEAD_TOKENS = 600;
/** What a two-contestant verdict usually takes. */
export const JUDGE_OUTPUT_ESTIMATE = 300;
/** The judge's answer is capped at this in runs (its worst case is reserved against max_credits). */
export const JUDGE_MAX_TOKENS = 800;

export type LoggedTokens = { inputTokens: number; outputTokens: number };

export type ItemEstimate = { candidateUnits: bigint; judgeUnits: bigint };

export function judgePromptTokens(t: LoggedTokens, candidateOutputTokens: number): number {
  return t.inputTokens + t.outputTokens + candidateOutputTokens + JUDGE_OVERHEAD_TOKENS;
}

export function estimateItem(t: LoggedTokens, candidate: PriceSnapshot, judge: PriceSnapshot | null, markupBps: number): ItemEstimate {
  const candidateUnits = withMarkup(computeCost(candidate, { prompt_tokens: t.inputTokens, completion_tokens: t.outputTokens }), markupBps);
  const judgeUnits = judge === null ? 0n
    : withMarkup(computeCost(judge, { prompt_tokens: judgePromptTokens(t, t.outputTokens), completion_tokens: JUDGE_OUTPUT_ESTIMATE }), markupBps);
  return { candidateUnits, judgeUnits };
}

export type EstimateTotals = { originalUnits: bigint; candidateUnits: bigint; judgeUnits: bigint; totalUnits: bigint };

export function sumEstimates(items: ReadonlyArray<ItemEstimate & { originalUnits: bigint }>): EstimateTotals {
  let originalUnits = 0n;
  let candidateUnits = 0n;
  let judgeUnits = 0n;
  for (const i of items) {
    originalUnits += i.originalUnits;
    candidateUnits += i.candidateUnits;
    judgeUnits += i.judgeUnits;
  }
  return { originalUnits, candidateUnits, judgeUnits, totalUnits: candidateUnits + judgeUnits };
}
