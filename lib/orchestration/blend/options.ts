// The blend-specific fields of a POST /blend body (the messages and sampling fields are
// parsed like /chat's). Counts depend on the strategy, so they are checked after the shape
// and answered with a 400 that names the rule the client broke.
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const BLEND_STRATEGIES = ["consensus", "council", "best_of", "chain", "moa", "self_moa"] as const;
export type BlendStrategy = (typeof BLEND_STRATEGIES)[number];

export const BLEND_LIMITS = {
  models: { min: 2, max: 6 },
  layers: { min: 1, max: 3, default: 2 },
  samples: { min: 2, max: 8, default: 4 },
} as const;

const modelName = z.string().trim().min(1).max(200);

/**
 * The fields' shapes (parseOrchestrationBody's `shape`). Counts and bounds are the strategy's
 * rules, checked by resolveBlendOptions so that the 400 names the rule, not just a number.
 */
export const blendFields = {
  models: z.array(modelName).max(64),
  synthesizer: modelName.optional(),
  strategy: z.enum(BLEND_STRATEGIES).default("consensus"),
  layers: z.int().optional(),
  samples: z.int().optional(),
};
export const blendFieldsSchema = z.object(blendFields);

/** What the planner needs: every count checked, every default applied. */
export type BlendOptions = {
  strategy: BlendStrategy;
  models: string[];
  synthesizer: string;
  /** moa only: proposer layers before the synthesis. */
  layers: number;
  /** self_moa only: samples of the one model. */
  samples: number;
};

/**
 * Applies the strategy's counting rules to already-shaped fields. `defaultSynthesizer` is
 * the deployment's DEFAULT_SYNTHESIZER (undefined = the first model).
 */
export function resolveBlendOptions(fields: z.output<typeof blendFieldsSchema>, defaultSynthesizer?: string): BlendOptions {
  const { strategy, models } = fields;
  const refuse = (message: string, param: string) => new AppError("invalid_request", message, param);
  const { min, max } = BLEND_LIMITS.models;
  if (strategy === "self_moa") {
    if (models.length !== 1) {
      throw refuse(`Strategy 'self_moa' samples exactly 1 model: 'models' must list exactly 1 model (got ${models.length}).`, "models");
    }
  } else if (models.length < min || models.length > max) {
    throw refuse(`Strategy '${strategy}' blends ${min} to ${max} models: 'models' must list ${min} to ${max} models (got ${models.length}).`, "models");
  }
  if (fields.layers !== undefined) {
    if (strategy !== "moa") throw refuse(`'layers' applies only to strategy 'moa' (strategy is '${strategy}').`, "layers");
    const { min: lo, max: hi } = BLEND_LIMITS.layers;
    if (fields.layers < lo || fields.layers > hi) throw refuse(`'layers' must be an integer from ${lo} to ${hi} (got ${fields.layers}).`, "layers");
  }
  if (fields.samples !== undefined) {
    if (strategy !== "self_moa") throw refuse(`'samples' applies only to strategy 'self_moa' (strategy is '${strategy}').`, "samples");
    const { min: lo, max: hi } = BLEND_LIMITS.samples;
    if (fields.samples < lo || fields.samples > hi) throw refuse(`'samples' must be an integer from ${lo} to ${hi} (got ${fields.samples}).`, "samples");
  }
  return {
    strategy,
    models,
    synthesizer: fields.synthesizer ?? defaultSynthesizer ?? models[0]!,
    layers: fields.layers ?? BLEND_LIMITS.layers.default,
    samples: fields.samples ?? BLEND_LIMITS.samples.default,
  };
}

function describeBlendIssue(issue: z.core.$ZodIssue): { message: string; param: string } {
  const param = issue.path.map(String).join(".") || "body";
  if (issue.path[0] === "strategy") return { message: `'strategy' must be one of ${BLEND_STRATEGIES.join(", ")}.`, param };
  return { message: `Invalid '${param}': ${issue.message}`, param };
}

/** Parses the blend fields of a body on their own (tests, tools); every failure is a 400 naming the field and the rule. */
export function parseBlendOptions(body: unknown, defaultSynthesizer?: string): BlendOptions {
  const parsed = blendFieldsSchema.safeParse(body);
  if (!parsed.success) {
    const { message, param } = describeBlendIssue(parsed.error.issues[0]!);
    throw new AppError("invalid_request", message, param);
  }
  return resolveBlendOptions(parsed.data, defaultSynthesizer);
}
