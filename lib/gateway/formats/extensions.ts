// Switchyard's own request extensions, accepted by both the OpenAI and Anthropic doors.
import { z } from "zod";
import { OPTIMIZATION_GOALS, ROUTING_STRATEGIES, type OptimizationGoal, type RoutingOptions } from "./types";

export const MAX_FALLBACK_MODELS = 10;

/** `models: [...]` — fallbacks tried in order after `model` (OpenRouter-style). */
export const fallbackModelsSchema = z.array(z.string().min(1)).max(MAX_FALLBACK_MODELS);

/**
 * Mesh routing (SPEC §2): `strategy` orders the chain (never races it), `fallback` lists the
 * models after the first — the same as `models` on /chat/completions, so both at once is a
 * 400 (lib/gateway/chat/mesh-chain.ts). Loose like `switchyard` itself.
 */
export const routingOptionsSchema = z.looseObject({
  strategy: z.enum(ROUTING_STRATEGIES).optional(),
  fallback: fallbackModelsSchema.optional(),
});

/** `switchyard: {...}` — loose so that newer clients' extra hints do not break old servers. */
export const switchyardOptionsSchema = z.looseObject({
  optimization_goal: z.enum(OPTIMIZATION_GOALS).optional(),
  routing: routingOptionsSchema.optional(),
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
  routing?: RoutingOptions;
} {
  const out: { optimizationGoal?: OptimizationGoal; routing?: RoutingOptions } = {};
  if (options?.optimization_goal) out.optimizationGoal = options.optimization_goal;
  if (options?.routing) out.routing = routingOf(options.routing);
  return out;
}

/** Only the fields routing knows (the schema is loose; other hints are dropped here). */
export function routingOf(r: z.infer<typeof routingOptionsSchema>): RoutingOptions {
  const out: RoutingOptions = {};
  if (r.strategy) out.strategy = r.strategy;
  if (r.fallback) out.fallback = r.fallback;
  return out;
}
