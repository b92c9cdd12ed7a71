// What the judge model receives: the client's conversation unchanged (so it sees the same
// question the contestants answered) plus one system message with the rules, the criteria,
// the answers and the verdict's shape; and the response_format that asks for that shape.
import type { Capability } from "@/lib/catalog/schema";
import type { ChatMessage, ResponseFormat } from "@/lib/providers/types";
import { withStageInstructions } from "@/lib/orchestration/blend/prompts";
import { VERDICT_SCHEMA_NAME, verdictJsonSchema } from "./verdict";

export const DEFAULT_CRITERIA = ["accuracy", "completeness", "clarity", "helpfulness"] as const;

export type ContestantAnswer = { model: string; text: string };

export function judgeInstructions(answers: readonly ContestantAnswer[], criteria: readonly string[], schemaInline: boolean): string {
  const list = criteria.length > 0 ? criteria : DEFAULT_CRITERIA;
  const names = answers.map((a) => `'${a.model}'`).join(", ");
  const blocks = answers.map((a) => `### Contestant ${a.model}\n${a.text.trim()}`).join("\n\n");
  const lines = [
    "You are an impartial judge. Several AI models (the contestants) answered the user's last message. Do not answer the " +
      "message yourself: evaluate the contestants' answers.",
    `Judge them on these criteria:\n${list.map((c) => `- ${c}`).join("\n")}`,
    `Give every contestant (${names}) a score from 0 (useless) to 10 (excellent) and a rank (1 = best, each rank used ` +
      "once, higher scores ranked first), with a short reasoning that cites its answer. The winner is the contestant ranked 1. " +
      "Finish with an overall summary of the comparison. The order of the answers and their length alone must not sway you.",
    "Reply with one JSON object and nothing else: {\"winner\": <contestant>, \"scores\": [{\"model\": <contestant>, \"rank\": <integer>, " +
      "\"score\": <number>, \"reasoning\": <text>}, …], \"overall\": <text>}, naming contestants exactly as written above.",
  ];
  if (schemaInline) {
    lines.push(`The JSON must conform to this JSON Schema: ${JSON.stringify(verdictJsonSchema(answers.map((a) => a.model)))}`);
  }
  lines.push(`The answers:\n\n${blocks}`);
  return lines.join("\n\n");
}

/**
 * json_schema where the catalog says the model does JSON natively; otherwise json_object
 * with the schema spelled out in the instructions (Anthropic models, for instance).
 */
export function judgeResponseFormat(capabilities: readonly Capability[], contestants: readonly string[]): ResponseFormat {
  if (!capabilities.includes("json")) return { type: "json_object" };
  return {
    type: "json_schema",
    json_schema: { name: VERDICT_SCHEMA_NAME, description: "The judge's verdict on the contestants.", schema: verdictJsonSchema(contestants), strict: true },
  };
}

export function judgeMessages(
  conversation: readonly ChatMessage[], answers: readonly ContestantAnswer[], criteria: readonly string[], format: ResponseFormat,
): ChatMessage[] {
  return withStageInstructions(conversation, judgeInstructions(answers, criteria, format.type !== "json_schema"));
}
