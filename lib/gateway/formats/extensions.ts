// Switchyard's own request extensions, accepted by both the OpenAI and Anthropic doors.
import { z } from "zod";
import { OPTIMIZATION_GOALS, type OptimizationGoal } from "./types";

export const MAX_FALLBACK_MODELS = 10;

/** `models: [...]` — fallbacks tried in order after `model` (OpenRouter-style). */
export const fallbackModelsSchema = z.array(z.string().min(1)).max(MAX_FALLBACK_MODELS);

/** `switchyard: {...}` — loose so that newer clients' extra hints do not break old servers. */
export const switchyardOptionsSchema = z.looseObject({
  optimization_goal: z.enum(OPTIMIZATION_GOALS).optional(),
  routing: z.looseObject({}).optional(),
});

export type SwitchyardOptions = z.infer<typeof switchyardOptionsSchema>;

/** Requested model first, then fallbacks, without repeats. */
export function buildModelChain(model: string | undefined, fallbacks: readonly string[] = []): string[] {
  const chain: string[] = [];
  if (model) chain.push(model);
  for (const m of fallbacks) if (!chain.includes(m)) chain.push(m);
  return chain;
}

export function extensionFields(options: SwitchyardOptions | null | undefined): {
  optimizationGoal?: OptimizationGoal;
  routing?: Record<string, unknown>;
} {
  const out: { optimizationGoal?: OptimizationGoal; routing?: Record<string, unknown> } = {};
  if (options?.optimization_goal) out.optimizationGoal = options.optimization_goal;
  if (options?.routing) out.routing = options.routing;
  return out;
}
