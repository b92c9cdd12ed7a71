// What the policies page shows, as plain serialisable data: each policy with its settings in
// the form's terms (exact credits), how many active keys use it as their default, and the
// models an allow-list may name. One read of the policies, one of the key counts.
import { unitsToCredits } from "@/lib/billing/money";
import { listModels } from "@/lib/catalog";
import { simulatedModelsEnabled } from "@/lib/gateway/providers-config";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";
import { keyCountsByPolicy, listPolicies } from "@/lib/sql/policies";
import type { OptimizationGoal } from "@/lib/gateway/formats/types";

export type PolicyRow = {
  id: string;
  name: string;
  goal: OptimizationGoal;
  allowedModels: string[];
  maxFallbacks: number;
  /** Exact decimal credits, as the edit form shows them ("" = no limit). */
  maxCostPerRequest: string;
  maxLatencyMs: number | null;
  /** Active keys that route `auto` through it. */
  keys: number;
  updatedAt: string;
};

export type PolicyModelOption = { id: string; label: string };

export async function policiesPageData(userId: string): Promise<{ policies: PolicyRow[]; models: PolicyModelOption[] }> {
  const [policies, keys] = await Promise.all([listPolicies(userId), keyCountsByPolicy(userId)]);
  ensureCustomUpstreams();
  const models = listModels({ includeSimulated: simulatedModelsEnabled() })
    .filter((m) => m.capabilities.includes("chat"))
    .map((m) => ({ id: m.id, label: m.displayName }));
  return {
    policies: policies.map((p) => ({
      id: p.id, name: p.name, goal: p.goal, allowedModels: p.allowedModels, maxFallbacks: p.maxFallbacks,
      maxCostPerRequest: p.maxCostPerRequest === null ? "" : unitsToCredits(p.maxCostPerRequest), maxLatencyMs: p.maxLatencyMs,
      keys: keys.get(p.id) ?? 0, updatedAt: p.updatedAt.toISOString(),
    })),
    models,
  };
}
