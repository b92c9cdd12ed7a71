// The judge of one replay item: the judge of POST /judge (lib/orchestration/judge) with two
// contestants, "A" (the original answer) and "B" (the candidate's), so the judge sees neither
// model's name. Its instructions, response format and verdict check are the same modules.
import { findModel } from "@/lib/catalog";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import type { ChatMessage } from "@/lib/providers/types";
import { withStageInstructions } from "@/lib/orchestration/blend/prompts";
import { judgeInstructions, judgeResponseFormat } from "@/lib/orchestration/judge/prompt";
import { checkVerdict, type VerdictCheck } from "@/lib/orchestration/judge/verdict";
import { JUDGE_MAX_TOKENS } from "./estimate";

export const ORIGINAL = "A";
export const CANDIDATE = "B";
const CONTESTANTS = [ORIGINAL, CANDIDATE];

export type ItemVerdict = {
  winner: "original" | "candidate" | "tie";
  original_score: number;
  candidate_score: number;
  reasoning: string;
};

/** The judge's request: the original conversation, the rules and both answers. */
export function judgeRequest(judge: string, conversation: readonly ChatMessage[], original: string, candidate: string, fault: string | null): ParsedChatRequest {
  const format = judgeResponseFormat(findModel(judge)?.capabilities ?? [], CONTESTANTS);
  let text = judgeInstructions([{ model: ORIGINAL, text: original }, { model: CANDIDATE, text: candidate }], [], format.type !== "json_schema");
  if (fault) text += `\n\nYour previous reply was rejected: ${fault}. Reply again with the JSON object only, exactly as specified.`;
  return {
    models: [judge], includeUsage: true,
    canonical: { messages: withStageInstructions(conversation, text), stream: false, max_tokens: JUDGE_MAX_TOKENS, response_format: format },
  };
}

/** The judge's text as an item verdict (equal scores: a tie), or why it is invalid. */
export function itemVerdict(text: string): { ok: true; verdict: ItemVerdict } | { ok: false; reason: string } {
  const check: VerdictCheck = checkVerdict(text, CONTESTANTS);
  if (!check.ok) return check;
  const score = (m: string) => check.verdict.scores.find((s) => s.model === m)!.score;
  const a = score(ORIGINAL);
  const b = score(CANDIDATE);
  return {
    ok: true,
    verdict: { winner: a === b ? "tie" : b > a ? "candidate" : "original", original_score: a, candidate_score: b, reasoning: check.verdict.overall },
  };
}
