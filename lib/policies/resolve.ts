// How a policy routes a request (SPEC §5, issue #22.5): `model: "policy/<name>"` — or `auto`
// on a key whose default policy is set — ranks like `auto` (lib/routing/auto autoRoute) with the
// policy's goal and limits: the models both the policy and the key allow, without those whose
// expected cost or measured latency is over the policy's limits, in a chain of 1 + max_fallbacks.
// Synchronous and without I/O: the account's policies come in (lookup.ts loads them).
import { AppError } from "@/lib/errors";
import type { OptimizationGoal } from "@/lib/gateway/formats/types";
import { isAutoModel, type RouteConstraints } from "@/lib/routing/auto";
import { POLICY_MODEL_PREFIX, type AccountPolicies, type PolicyView } from "@/lib/policies/types";

/** Whether a requested model name names a policy ("policy/<name>"). */
export function isPolicyModel(name: string): boolean {
  return name.startsWith(POLICY_MODEL_PREFIX);
}

/** Whether resolving `models` for this key needs the account's policies (else nothing is loaded). */
export function needsPolicies(key: { readonly policy: string | null }, models: readonly string[]): boolean {
  for (const m of models) if (isPolicyModel(m) || (key.policy !== null && isAutoModel(m))) return true;
  return false;
}

/** The policy a `policy/<name>` model names; 400 naming `param` when the account has none by that name. */
export function namedPolicy(model: string, policies: AccountPolicies | null, param: string): PolicyView {
  const name = model.slice(POLICY_MODEL_PREFIX.length);
  const policy = policies?.get(name);
  if (!policy) {
    throw new AppError("invalid_request",
      `The policy '${name}' does not exist in this account. GET /v1/policies lists your policies.`, param);
  }
  return policy;
}

/**
 * The policy a chain entry routes through: the one it names, or for `auto` the key's default
 * (null when it has none, or it was deleted: plain `auto` then).
 */
export function policyOf(
  model: string, key: { readonly policy?: string | null }, policies: AccountPolicies | null, param: string,
): PolicyView | null {
  if (isPolicyModel(model)) return namedPolicy(model, policies, param);
  return key.policy ? (policies?.get(key.policy) ?? null) : null;
}

/** The models both allow ([] = any); 503 when they allow none in common. */
export function allowedByBoth(policy: PolicyView, keyAllowed: readonly string[]): string[] {
  if (policy.allowedModels.length === 0) return [...keyAllowed];
  if (keyAllowed.length === 0) return policy.allowedModels;
  const both = policy.allowedModels.filter((m) => keyAllowed.includes(m));
  if (both.length === 0) {
    throw new AppError("service_unavailable", `model 'policy/${policy.name}': allowed_models excludes every model this API key ` +
      `may use (the policy allows ${policy.allowedModels.join(", ")}; the key ${keyAllowed.join(", ")}).`, "model");
  }
  return both;
}

/** What autoRoute takes for this policy, besides the request, BYOK keys and account. */
export function policyRouteInput(policy: PolicyView, keyAllowed: readonly string[]):
  { goal: OptimizationGoal; allowedModels: string[]; constraints: RouteConstraints } {
  return {
    goal: policy.goal,
    allowedModels: allowedByBoth(policy, keyAllowed),
    constraints: {
      label: `policy/${policy.name}`, chainLength: 1 + policy.maxFallbacks,
      maxCostUnits: policy.maxCostPerRequest, maxLatencyMs: policy.maxLatencyMs,
    },
  };
}

/**
 * A test key's chain (lib/gateway/test-mode.ts answers every model with the simulator): each
 * `policy/<name>` checked (400 when unknown) and replaced by `auto`, or by the policy's first
 * allowed model — no live figures to rank on.
 */
export function testModeModels(models: readonly string[], policies: AccountPolicies | null): string[] {
  return models.map((m, i) => {
    if (!isPolicyModel(m)) return m;
    const p = namedPolicy(m, policies, i === 0 ? "model" : `models[${i - 1}]`);
    return p.allowedModels[0] ?? "auto";
  });
}
