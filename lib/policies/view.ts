// A policy as the API answers it: the API's names, the cost limit as exact credits and units
// (SPEC §2 shared conventions: `<name>_credits`, `<name>_units`), times as ISO text.
import { unitsToCredits } from "@/lib/billing/money";
import type { ModelOption } from "@/lib/playground/model-options";
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

/** A policy in the model pickers (the replay lab's candidate): `policy/<name>`, always runnable. */
export function policyModelOption(p: PolicyView): ModelOption {
  const models = p.allowedModels.length ? p.allowedModels.join(", ") : "any model";
  return {
    id: `${POLICY_MODEL_PREFIX}${p.name}`, name: `Policy ${p.name} (${p.goal}; ${models})`, provider: "policy",
    providerName: "Routing policies", inputPerM: null, outputPerM: null, contextWindow: 0, capabilities: [],
    simulated: false, available: true, reason: null,
  };
}
