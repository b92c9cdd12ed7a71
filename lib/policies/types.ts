// A routing policy (issue #22.5): a named routing configuration of one account, used as
// `model: "policy/<name>"` or as a key's default for `model: "auto"`. Pure types, shared by
// the store, the request-path cache and resolver, the API and the dashboard.
import type { OptimizationGoal } from "@/lib/gateway/formats/types";

export const POLICY_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MAX_FALLBACKS = 5;
/** The prefix that names a policy where a model is named. */
export const POLICY_MODEL_PREFIX = "policy/";

/** What creating, replacing or "applying" a policy sets. */
export type PolicyInput = {
  name: string;
  goal: OptimizationGoal;
  /** Catalog ids; [] = every model the key may use. */
  allowedModels: string[];
  /** 0–5; 0 = a single model, no failover. */
  maxFallbacks: number;
  /** Units (10⁻¹² USD); models whose expected cost for the request exceeds it are excluded. */
  maxCostPerRequest: bigint | null;
  /** Models whose measured p50 latency exceeds it are excluded (not a timeout). */
  maxLatencyMs: number | null;
};

/** A stored policy. */
export type PolicyView = PolicyInput & { id: string; createdAt: Date; updatedAt: Date };

/** An account's policies by name, as the request path reads them. */
export type AccountPolicies = ReadonlyMap<string, PolicyView>;
