// The one validator of a policy's settings, shared by the API (POST/PATCH /policies, in the
// API's snake_case names) and the dashboard form (mapped to the same shape first, form.ts):
// a field means the same thing, and fails with the same message, wherever it is set.
// max_cost_per_request comes in as credits (an exact decimal string, or a whole number) and
// is stored as BigInt units.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { UNITS_PER_CREDIT } from "@/lib/billing/money";
import { positiveCreditsSchema } from "@/lib/billing/credits-schema";
import { findModel } from "@/lib/catalog";
import { OPTIMIZATION_GOALS } from "@/lib/gateway/formats/types";
import { simulatedModelsEnabled } from "@/lib/gateway/providers-config";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";
import { MAX_FALLBACKS, POLICY_NAME_PATTERN, type PolicyInput } from "@/lib/policies/types";

const MAX_ALLOWED_MODELS = 100;
/** 1,000,000 credits (US$10,000) for one request: far above any real one. */
const MAX_COST_UNITS = 1_000_000n * UNITS_PER_CREDIT;
const MAX_LATENCY_MS = 600_000;

export const NAME_RULE = "A policy name is 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.";

export const policyNameSchema = z.string({ error: "Expected a policy name." }).regex(POLICY_NAME_PATTERN, NAME_RULE);

const credits = positiveCreditsSchema({ maxUnits: MAX_COST_UNITS, tooMuch: "At most 1,000,000 credits.", example: "0.5" });

const settingFields = {
  goal: z.enum(OPTIMIZATION_GOALS, { error: `Expected one of ${OPTIMIZATION_GOALS.join(", ")}.` }),
  allowed_models: z.array(z.string({ error: "Expected a model id." }).trim().min(1, "Expected a model id.").max(200),
    { error: "Expected an array of model ids." }).max(MAX_ALLOWED_MODELS, `At most ${MAX_ALLOWED_MODELS} models.`),
  max_fallbacks: z.number({ error: `Expected a whole number from 0 to ${MAX_FALLBACKS}.` })
    .int(`Expected a whole number from 0 to ${MAX_FALLBACKS}.`).min(0, "Must be at least 0.").max(MAX_FALLBACKS, `Must be at most ${MAX_FALLBACKS}.`),
  max_cost_per_request: credits,
  max_latency_ms: z.number({ error: "Expected a whole number of milliseconds or null." })
    .int("Expected a whole number of milliseconds or null.").min(1, "Must be at least 1 (null removes the limit).")
    .max(MAX_LATENCY_MS, `Must be at most ${MAX_LATENCY_MS.toLocaleString("en-US")}.`).nullable(),
};

const createSchema = z.strictObject({ name: policyNameSchema, ...settingFields }).partial();
const patchSchema = z.strictObject(settingFields).partial();

/** The fields a create may carry (the API's names). */
export const POLICY_FIELDS = ["name", ...Object.keys(settingFields)];

/** The policy settings a PATCH changes (absent = unchanged). */
export type PolicyPatch = Partial<Omit<PolicyInput, "name">>;

export const DEFAULT_POLICY: Omit<PolicyInput, "name"> = {
  goal: "balanced", allowedModels: [], maxFallbacks: 2, maxCostPerRequest: null, maxLatencyMs: null,
};

function paramOf(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out;
}

function invalid(issue: z.core.$ZodIssue): AppError {
  if (issue.code === "unrecognized_keys") {
    const param = paramOf([...issue.path, issue.keys[0]!]);
    if (param === "name") return new AppError("invalid_request", "A policy's name cannot change: create a new policy and delete this one.", "name");
    return new AppError("invalid_request", `Unknown field '${param}'.`, param);
  }
  const param = paramOf(issue.path);
  if (!param) return new AppError("invalid_request", "The request body must be a JSON object.");
  return new AppError("invalid_request", `Invalid '${param}': ${issue.message}`, param);
}

/** Catalog ids of the named chat models (aliases resolved, duplicates dropped); unknown → 400 naming it. */
export function resolvePolicyModels(names: readonly string[]): string[] {
  ensureCustomUpstreams();
  const ids: string[] = [];
  for (const [i, name] of names.entries()) {
    const model = findModel(name);
    if (!model || (model.simulated && !simulatedModelsEnabled()) || !model.capabilities.includes("chat")) {
      throw new AppError("invalid_request",
        `Invalid 'allowed_models[${i}]': unknown chat model '${name}'. GET /v1/models lists them.`, `allowed_models[${i}]`);
    }
    if (!ids.includes(model.id)) ids.push(model.id);
  }
  return ids;
}

function settingsOf(v: z.infer<typeof patchSchema>): PolicyPatch {
  const out: PolicyPatch = {};
  if (v.goal !== undefined) out.goal = v.goal;
  if (v.allowed_models !== undefined) out.allowedModels = resolvePolicyModels(v.allowed_models);
  if (v.max_fallbacks !== undefined) out.maxFallbacks = v.max_fallbacks;
  if (v.max_cost_per_request !== undefined) out.maxCostPerRequest = v.max_cost_per_request;
  if (v.max_latency_ms !== undefined) out.maxLatencyMs = v.max_latency_ms;
  return out;
}

/** A create (POST /policies) in the API's shape: `name` required, the rest defaulted. Throws a 400 naming the field. */
export function parsePolicyCreate(body: unknown): PolicyInput {
  const parsed = createSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error.issues[0]!);
  const { name, ...rest } = parsed.data;
  if (name === undefined) throw new AppError("invalid_request", "'name' is required.", "name");
  return { name, ...DEFAULT_POLICY, ...settingsOf(rest) };
}

/** An update (PATCH /policies/{name}): every field optional, the name not changeable. */
export function parsePolicyPatch(body: unknown): PolicyPatch {
  const parsed = patchSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error.issues[0]!);
  return settingsOf(parsed.data);
}

/** The same rules for a PolicyInput built in code (upsertPolicy's callers): a 400 naming the field. */
export function checkPolicyInput(p: PolicyInput): PolicyInput {
  // The cost is checked in units below (the schema's field takes credits).
  const parsed = createSchema.safeParse({
    name: p.name, goal: p.goal, allowed_models: p.allowedModels, max_fallbacks: p.maxFallbacks, max_latency_ms: p.maxLatencyMs,
  });
  if (!parsed.success) throw invalid(parsed.error.issues[0]!);
  if (p.maxCostPerRequest !== null && (p.maxCostPerRequest <= 0n || p.maxCostPerRequest > MAX_COST_UNITS)) {
    throw new AppError("invalid_request", "Invalid 'max_cost_per_request': expected a positive amount of at most 1,000,000 credits.", "max_cost_per_request");
  }
  return { ...p, allowedModels: resolvePolicyModels(p.allowedModels) };
}
