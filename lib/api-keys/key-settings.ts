// A key's settings and the one validator both doors use: the management API's JSON body and
// the keys page's form (mapped to the same shape first) go through parseKeySettings, so a
// field means the same thing, and fails with the same message, wherever it is set.
// Credits come in as exact decimal strings (or whole numbers) and are stored as BigInt units.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { UNITS_PER_CREDIT } from "@/lib/billing/money";
import { positiveCreditsSchema } from "@/lib/billing/credits-schema";
import { findModel } from "@/lib/catalog";
import { OPTIMIZATION_GOALS, type OptimizationGoal } from "@/lib/gateway/formats/types";
import { simulatedModelsEnabled } from "@/lib/gateway/providers-config";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";
import type { KeyMode } from "@/lib/api-keys/generate-key";
import { policyNameSchema } from "@/lib/policies/schema";

export type KeySettings = {
  name: string;
  rpmLimit: number | null;
  tpmLimit: number | null;
  concurrencyLimit: number | null;
  budgetDaily: bigint | null;
  budgetMonthly: bigint | null;
  budgetTotal: bigint | null;
  allowedModels: string[];
  expiresAt: Date | null;
  disabled: boolean;
  canManage: boolean;
  mode: KeyMode;
  defaultGoal: OptimizationGoal | null;
  /** The name of the account's routing policy `model: "auto"` goes through (stored as its id). */
  policy: string | null;
};

/** What a create or an update sets; absent fields keep their value (or default). */
export type KeyChanges = Partial<KeySettings>;

export const DEFAULT_KEY_SETTINGS: Omit<KeySettings, "name"> = {
  rpmLimit: null, tpmLimit: null, concurrencyLimit: null, budgetDaily: null, budgetMonthly: null, budgetTotal: null,
  allowedModels: [], expiresAt: null, disabled: false, canManage: false, mode: "live", defaultGoal: null, policy: null,
};

// Upper bounds keep every limit meaningful and the in-memory windows small (lib/limits).
export const LIMIT_BOUNDS = { rpm: 100_000, tpm: 100_000_000, concurrency: 10_000 } as const;
/** 100 million credits (US$1M): far above any budget, far below BIGINT's range. */
const MAX_BUDGET_UNITS = 100_000_000n * UNITS_PER_CREDIT;
const MAX_ALLOWED_MODELS = 100;

export const keyNameSchema = z
  .string()
  .trim()
  .min(1, "Give the key a name.")
  .max(64, "Key names are at most 64 characters.")
  // Control characters (NUL is refused by Postgres) have no place in a label.
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), "Key names cannot contain control characters.");

const limit = (max: number, what: string) =>
  z.number({ error: `Expected a whole number of ${what} or null.` })
    .int(`Expected a whole number of ${what} or null.`)
    .min(1, `Must be at least 1 (null removes the limit).`)
    .max(max, `Must be at most ${max.toLocaleString("en-US")}.`)
    .nullable();

const credits = positiveCreditsSchema({ maxUnits: MAX_BUDGET_UNITS, tooMuch: "Budgets are at most 100,000,000 credits.", example: "12.50" });

const policyName = policyNameSchema.nullable();

const fields = {
  name: keyNameSchema,
  rpm: limit(LIMIT_BOUNDS.rpm, "requests per minute"),
  tpm: limit(LIMIT_BOUNDS.tpm, "tokens per minute"),
  concurrency: limit(LIMIT_BOUNDS.concurrency, "requests in flight"),
  budget: z.strictObject({ daily: credits.optional(), monthly: credits.optional(), total: credits.optional() },
    { error: "Expected { daily, monthly, total } in credits, or null." }).nullable(),
  allowed_models: z.array(z.string({ error: "Expected a model id." }).trim().min(1, "Expected a model id.").max(200),
    { error: "Expected an array of model ids." }).max(MAX_ALLOWED_MODELS, `At most ${MAX_ALLOWED_MODELS} models.`),
  expires_at: z.iso.datetime({ offset: true, error: "Expected an ISO 8601 date and time, such as 2027-01-31T00:00:00Z, or null." })
    .transform((s) => new Date(s))
    .refine((d) => d.getTime() > Date.now(), "expires_at must be in the future.")
    .nullable(),
  disabled: z.boolean({ error: "Expected true or false." }),
  can_manage: z.boolean({ error: "Expected true or false." }),
  mode: z.enum(["live", "test"], { error: "Expected \"live\" or \"test\"." }),
  default_goal: z.enum(OPTIMIZATION_GOALS, { error: `Expected one of ${OPTIMIZATION_GOALS.join(", ")}, or null.` }).nullable(),
  policy: policyName,
};

const settingsSchema = z.strictObject(fields).partial();

/** The fields a create or an update may carry (the management API's names). */
export const KEY_SETTING_FIELDS = Object.keys(fields);

/** "budget.daily", "allowed_models[2]": the field a message is about, as the client wrote it. */
function paramOf(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out;
}

function invalid(issue: z.core.$ZodIssue): AppError {
  if (issue.code === "unrecognized_keys") {
    const param = paramOf([...issue.path, issue.keys[0]!]);
    return new AppError("invalid_request", `Unknown field '${param}'.`, param);
  }
  const param = paramOf(issue.path);
  if (!param) return new AppError("invalid_request", "The request body must be a JSON object.");
  return new AppError("invalid_request", `Invalid '${param}': ${issue.message}`, param);
}

/** Catalog ids for the requested models (aliases resolved, duplicates dropped); unknown → 400 naming it. */
function resolveModels(names: string[]): string[] {
  ensureCustomUpstreams();
  const ids: string[] = [];
  for (const [i, name] of names.entries()) {
    const model = findModel(name);
    if (!model || (model.simulated && !simulatedModelsEnabled())) {
      throw new AppError("invalid_request", `Invalid 'allowed_models[${i}]': unknown model '${name}'. GET /v1/models lists them.`,
        `allowed_models[${i}]`);
    }
    if (!ids.includes(model.id)) ids.push(model.id);
  }
  return ids;
}

/**
 * Validates a create (`name` required) or an update (every field optional) in the API's
 * shape; throws a 400 AppError naming the first bad field.
 */
export function parseKeySettings(body: unknown, kind: "create" | "update"): KeyChanges {
  const parsed = settingsSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error.issues[0]!);
  const v = parsed.data;
  if (kind === "create" && v.name === undefined) throw new AppError("invalid_request", "'name' is required.", "name");
  const out: KeyChanges = {};
  if (v.name !== undefined) out.name = v.name;
  if (v.rpm !== undefined) out.rpmLimit = v.rpm;
  if (v.tpm !== undefined) out.tpmLimit = v.tpm;
  if (v.concurrency !== undefined) out.concurrencyLimit = v.concurrency;
  if (v.budget === null) Object.assign(out, { budgetDaily: null, budgetMonthly: null, budgetTotal: null });
  else if (v.budget) {
    if (v.budget.daily !== undefined) out.budgetDaily = v.budget.daily;
    if (v.budget.monthly !== undefined) out.budgetMonthly = v.budget.monthly;
    if (v.budget.total !== undefined) out.budgetTotal = v.budget.total;
  }
  if (v.allowed_models !== undefined) out.allowedModels = resolveModels(v.allowed_models);
  if (v.expires_at !== undefined) out.expiresAt = v.expires_at;
  if (v.disabled !== undefined) out.disabled = v.disabled;
  if (v.can_manage !== undefined) out.canManage = v.can_manage;
  if (v.mode !== undefined) out.mode = v.mode;
  if (v.default_goal !== undefined) out.defaultGoal = v.default_goal;
  if (v.policy !== undefined) out.policy = v.policy;
  return out;
}
