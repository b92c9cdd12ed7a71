// POST /replays body (SPEC §2 "Replay and policies", issue #22.1): LLMWise's names for the
// window (`days`) and the sample (`sample_size`). A bad body is a 400 naming the field.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { creditsToUnits, MoneyError } from "@/lib/billing/money";
import { findModel } from "@/lib/catalog";
import { pickIssue } from "@/lib/gateway/formats/zod-issue";
import { pgText } from "@/lib/pg-text";
import { POLICY_MODEL_PREFIX, POLICY_NAME_PATTERN } from "@/lib/policies/types";
import { REQUEST_CLASSES, type RequestClass } from "@/lib/routing/auto/classify";

const modelName = pgText().min(1).max(200);

// The auto router's classes (every chat request's log row carries one). The message lists
// them, so a typo is fixed without a trip to the docs.
const requestClass = z.enum(REQUEST_CLASSES, {
  error: (iss) => `${typeof iss.input === "string" ? `unknown request class '${iss.input.slice(0, 100)}'` : "expected a string"}; ` +
    `the classes are ${REQUEST_CLASSES.join(", ")}`,
});

const bodySchema = z.strictObject({
  candidate: modelName,
  days: z.int().min(1).max(90),
  sample_size: z.int().min(20).max(300),
  mode: z.enum(["estimate", "run"]),
  judge: modelName.optional(),
  max_credits: z.string().regex(/^\d{1,9}(\.\d{1,10})?$/, "a decimal string of credits, e.g. \"25\" or \"2.5\"").optional(),
  filters: z.strictObject({
    model: modelName.optional(),
    key_id: pgText().min(1).max(100).optional(),
    endpoint: z.enum(["chat.completions", "messages", "responses"]).optional(),
    request_class: requestClass.optional(),
  }).optional(),
});

export type ReplayOptions = {
  candidate: string;
  days: number;
  sampleSize: number;
  mode: "estimate" | "run";
  judge: string | null;
  maxUnits: bigint | null;
  /** Stored as given here with the run (replay_runs.filters); report.ts shows them in the API's names. */
  filters: { model?: string; keyId?: string; endpoint?: string; requestClass?: RequestClass };
};

function knownModel(name: string, param: string): string {
  const m = findModel(name);
  if (!m) throw new AppError("invalid_request", `Unknown model '${name}' in '${param}'. GET /v1/models lists the models.`, param);
  return m.id;
}

export function parseReplayOptions(body: unknown): ReplayOptions {
  const r = bodySchema.safeParse(body);
  if (!r.success) {
    const { issue, path } = pickIssue(r.error.issues);
    const param = path.length > 0 ? path.map(String).join(".") : (issue.code === "unrecognized_keys" ? issue.keys[0] ?? null : null);
    throw new AppError("invalid_request", `Invalid '${param ?? "body"}': ${issue.message}`, param);
  }
  const b = r.data;
  // A routing policy (lib/policies): its existence is checked against the account (create-run.ts).
  const policy = b.candidate.startsWith(POLICY_MODEL_PREFIX);
  if (policy && !POLICY_NAME_PATTERN.test(b.candidate.slice(POLICY_MODEL_PREFIX.length))) {
    throw new AppError("invalid_request", `Unknown policy '${b.candidate}' in 'candidate'. GET /v1/policies lists your policies.`, "candidate");
  }
  let maxUnits: bigint | null = null;
  if (b.max_credits !== undefined) {
    try {
      maxUnits = creditsToUnits(b.max_credits);
    } catch (err) {
      if (err instanceof MoneyError) throw new AppError("invalid_request", `Invalid 'max_credits': ${err.message}`, "max_credits");
      throw err;
    }
  }
  const filters: ReplayOptions["filters"] = {};
  if (b.filters?.model !== undefined) filters.model = findModel(b.filters.model)?.id ?? b.filters.model;
  if (b.filters?.key_id !== undefined) filters.keyId = b.filters.key_id;
  if (b.filters?.endpoint !== undefined) filters.endpoint = b.filters.endpoint;
  if (b.filters?.request_class !== undefined) filters.requestClass = b.filters.request_class;
  return {
    candidate: policy ? b.candidate : knownModel(b.candidate, "candidate"), days: b.days, sampleSize: b.sample_size, mode: b.mode,
    judge: b.judge === undefined ? null : knownModel(b.judge, "judge"), maxUnits, filters,
  };
}
