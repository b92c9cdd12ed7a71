// The judge's answer: a JSON Schema sent to the judge model (response_format json_schema,
// or spelled out in its instructions) and the zod check of what it actually wrote. A model
// can ignore a schema, so the check is the authority: every contestant scored exactly once,
// the winner among them, ranks 1..n each once and in score order, the winner ranked first.
import { z } from "zod";

export type VerdictScore = { model: string; rank: number; score: number; reasoning: string };
export type Verdict = { winner: string; scores: VerdictScore[]; overall: string };

export const VERDICT_SCHEMA_NAME = "verdict";

/** JSON Schema of the verdict, restricted to the keywords strict structured outputs accept. */
export function verdictJsonSchema(contestants: readonly string[]): Record<string, unknown> {
  const names = [...contestants];
  return {
    type: "object",
    properties: {
      winner: { type: "string", enum: names, description: "The contestant ranked 1." },
      scores: {
        type: "array",
        minItems: names.length,
        maxItems: names.length,
        description: "One entry per contestant.",
        items: {
          type: "object",
          properties: {
            model: { type: "string", enum: names },
            rank: { type: "integer", minimum: 1, maximum: names.length, description: "1 = best; each rank used once." },
            score: { type: "number", minimum: 0, maximum: 10, description: "0 (useless) to 10 (excellent)." },
            reasoning: { type: "string", description: "Why this score, citing the answer." },
          },
          required: ["model", "rank", "score", "reasoning"],
          additionalProperties: false,
        },
      },
      overall: { type: "string", description: "A short summary of the comparison." },
    },
    required: ["winner", "scores", "overall"],
    additionalProperties: false,
  };
}

const scoreSchema = z.object({
  model: z.string(),
  rank: z.number().int(),
  score: z.number().min(0).max(10),
  reasoning: z.string(),
});

/** The zod check of a verdict against the contestants the judge was shown. */
export function verdictSchema(contestants: readonly string[]) {
  const n = contestants.length;
  return z
    .object({ winner: z.string(), scores: z.array(scoreSchema), overall: z.string() })
    .superRefine((v, ctx) => {
      const issue = (message: string, path: PropertyKey[]) => ctx.addIssue({ code: "custom", message, path });
      if (!contestants.includes(v.winner)) issue(`winner '${v.winner}' is not a contestant`, ["winner"]);
      const seen = new Set<string>();
      v.scores.forEach((s, i) => {
        if (!contestants.includes(s.model)) issue(`'${s.model}' is not a contestant`, ["scores", i, "model"]);
        else if (seen.has(s.model)) issue(`'${s.model}' is scored twice`, ["scores", i, "model"]);
        seen.add(s.model);
        if (s.rank < 1 || s.rank > n) issue(`rank ${s.rank} is outside 1..${n}`, ["scores", i, "rank"]);
      });
      for (const c of contestants) if (!seen.has(c)) issue(`'${c}' is not scored`, ["scores"]);
      const ranks = v.scores.map((s) => s.rank);
      if (new Set(ranks).size !== ranks.length) issue("each rank must be used once", ["scores"]);
      for (const a of v.scores) {
        for (const b of v.scores) {
          if (a.score > b.score && a.rank > b.rank) {
            issue(`'${a.model}' scores higher than '${b.model}' but is ranked lower`, ["scores"]);
            return;
          }
        }
      }
      const first = v.scores.find((s) => s.rank === 1);
      if (first && first.model !== v.winner) issue(`winner '${v.winner}' is not the contestant ranked 1 ('${first.model}')`, ["winner"]);
    });
}

export type VerdictCheck = { ok: true; verdict: Verdict } | { ok: false; reason: string };

/** Models asked for bare JSON still wrap it in a Markdown fence now and then. */
function unfenced(text: string): string {
  const t = text.trim();
  const fenced = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i.exec(t);
  return fenced ? fenced[1]!.trim() : t;
}

/** Parses and checks the judge's text. The scores come back ordered by rank. */
export function checkVerdict(text: string, contestants: readonly string[]): VerdictCheck {
  let json: unknown;
  try {
    json = JSON.parse(unfenced(text));
  } catch {
    return { ok: false, reason: "the judge's answer is not valid JSON" };
  }
  const parsed = verdictSchema(contestants).safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const at = first.path.length > 0 ? ` (at ${first.path.join(".")})` : "";
    return { ok: false, reason: `the judge's verdict is invalid: ${first.message}${at}` };
  }
  const v = parsed.data;
  return { ok: true, verdict: { winner: v.winner, overall: v.overall, scores: [...v.scores].sort((a, b) => a.rank - b.rank) } };
}
