// The judge-specific fields of a POST /judge body (messages and sampling fields are parsed
// like /chat's): 2–4 contestants, a judge that is not one of them, optional criteria.
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const JUDGE_LIMITS = { contestants: { min: 2, max: 4 }, criteria: { items: 12, chars: 4000 } } as const;

const modelName = z.string().trim().min(1).max(200);

/**
 * The fields' shapes (parseOrchestrationBody's `shape`); the counts and the judge rule are
 * checked by resolveJudgeOptions so that the 400 names the rule.
 */
export const judgeFields = {
  contestants: z.array(modelName).max(64),
  judge: modelName,
  criteria: z
    .union([
      z.string().trim().min(1).max(JUDGE_LIMITS.criteria.chars),
      z.array(z.string().trim().min(1).max(500)).min(1).max(JUDGE_LIMITS.criteria.items),
    ])
    .optional(),
};
export const judgeFieldsSchema = z.object(judgeFields);

export type JudgeOptions = {
  contestants: string[];
  judge: string;
  /** Criteria as the client wrote them (one per entry); empty = the default criteria. */
  criteria: string[];
};

function describeIssue(issue: z.core.$ZodIssue): { message: string; param: string } {
  const field = String(issue.path[0] ?? "body");
  const param = issue.path.map(String).join(".") || field;
  if (field === "judge" && issue.code === "invalid_type") return { message: "'judge' is required: the model that scores the contestants.", param };
  if (field === "criteria") {
    return {
      message: `'criteria' must be a string (at most ${JUDGE_LIMITS.criteria.chars} characters) or an array of 1 to ${JUDGE_LIMITS.criteria.items} non-empty strings.`,
      param,
    };
  }
  return { message: `Invalid '${param}': ${issue.message}`, param };
}

/**
 * The judge's rules on shaped fields: 2–4 distinct contestants, a judge that is not one of
 * them. `canonical` maps a model name to its catalog id, so an alias of a contestant is
 * recognised as the same model.
 */
export function resolveJudgeOptions(fields: z.output<typeof judgeFieldsSchema>, canonical: (name: string) => string = (n) => n): JudgeOptions {
  const { contestants, judge, criteria } = fields;
  const { min, max } = JUDGE_LIMITS.contestants;
  if (contestants.length < min || contestants.length > max) {
    throw new AppError("invalid_request", `'contestants' must list ${min} to ${max} models (got ${contestants.length}).`, "contestants");
  }
  const ids = contestants.map(canonical);
  const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (repeated !== -1) {
    throw new AppError("invalid_request",
      `'contestants' must be distinct models: '${contestants[repeated]}' is listed twice.`, `contestants.${repeated}`);
  }
  if (ids.includes(canonical(judge))) {
    throw new AppError("invalid_request",
      `The judge must not be a contestant: '${judge}' is listed in 'contestants'. Pick another judge model.`, "judge");
  }
  return { contestants, judge, criteria: criteria === undefined ? [] : typeof criteria === "string" ? [criteria] : criteria };
}

/** Parses the judge fields on their own (tests, tools); every failure is a 400 naming the rule. */
export function parseJudgeOptions(body: unknown, canonical?: (name: string) => string): JudgeOptions {
  const parsed = judgeFieldsSchema.safeParse(body);
  if (!parsed.success) {
    const { message, param } = describeIssue(parsed.error.issues[0]!);
    throw new AppError("invalid_request", message, param);
  }
  return resolveJudgeOptions(parsed.data, canonical);
}
