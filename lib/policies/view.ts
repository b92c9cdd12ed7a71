// A policy as the API answers it: the API's names, the cost limit as exact credits and units
// (SPEC §2 shared conventions: `<name>_credits`, `<name>_units`), times as ISO text.
import { unitsToCredits } from "@/lib/billing/money";
import { POLICY_MODEL_PREFIX, type PolicyView } from "@/lib/policies/types";

export function toPolicyObject(p: PolicyView) {
  return {
    id: p.id,
    object: "policy" as const,
    name: p.name,
    /** What to send as `model` to route through it. */
    model: `${POLICY_MODEL_PREFIX}${p.name}`,
    goal: p.goal,
    allowed_models: p.allowedModels,
    max_fallbacks: p.maxFallbacks,
    max_cost_per_request_credits: p.maxCostPerRequest === null ? null : unitsToCredits(p.maxCostPerRequest),
    max_cost_per_request_units: p.maxCostPerRequest === null ? null : p.maxCostPerRequest.toString(),
    max_latency_ms: p.maxLatencyMs,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export type PolicyObject = ReturnType<typeof toPolicyObject>;
