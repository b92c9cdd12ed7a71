// routing_policies (lib/policies): the account's named routing configurations, and the one
// api_keys statement their deletion needs (the keys that named it as their default). Every
// statement is scoped to the owner.
import type { OptimizationGoal } from "@/lib/gateway/formats/types";
import { OPTIMIZATION_GOALS } from "@/lib/gateway/formats/types";
import type { PolicyInput, PolicyView } from "@/lib/policies/types";
import type { Sql } from "@/lib/sql/executor";
import { definedQuery } from "@/lib/sql/query";
import { ColumnTypeError, bigintOrNull, date, int, intOrNull, str, strArray, type Row } from "@/lib/sql/rows";

const COLUMNS = `id, name, goal, allowed_models, max_fallbacks, max_cost_per_request::text, max_latency_ms, created_at, updated_at`;

function goal(r: Row): OptimizationGoal {
  const v = str(r, "goal");
  if ((OPTIMIZATION_GOALS as readonly string[]).includes(v)) return v as OptimizationGoal;
  throw new ColumnTypeError("goal", "an optimization goal", "another string");
}

function parsePolicy(r: Row): PolicyView {
  return {
    id: str(r, "id"), name: str(r, "name"), goal: goal(r), allowedModels: strArray(r, "allowed_models"),
    maxFallbacks: int(r, "max_fallbacks"), maxCostPerRequest: bigintOrNull(r, "max_cost_per_request"),
    maxLatencyMs: intOrNull(r, "max_latency_ms"), createdAt: date(r, "created_at"), updatedAt: date(r, "updated_at"),
  };
}

type Values = [userId: string, name: string, goal: string, allowedModels: string[], maxFallbacks: number,
  maxCost: string | null, maxLatencyMs: number | null];
type InsertValues = [id: string, ...Values];

const list = definedQuery<[userId: string], PolicyView>({
  name: "policy_list",
  text: `SELECT ${COLUMNS} FROM routing_policies WHERE user_id = $1 ORDER BY name`,
  parse: parsePolicy,
});

const lockOne = definedQuery<[userId: string, name: string], PolicyView>({
  name: "policy_lock",
  text: `SELECT ${COLUMNS} FROM routing_policies WHERE user_id = $1 AND name = $2 FOR UPDATE`,
  parse: parsePolicy,
});

const countOf = definedQuery<[userId: string], number>({
  name: "policy_count",
  text: "SELECT count(*)::int AS n FROM routing_policies WHERE user_id = $1",
  parse: (r) => int(r, "n"),
});

// DO NOTHING: a create of a name that exists returns no row (409).
const insert = definedQuery<InsertValues, PolicyView>({
  name: "policy_insert",
  text: `INSERT INTO routing_policies (id, user_id, name, goal, allowed_models, max_fallbacks, max_cost_per_request, max_latency_ms)
VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, $8) ON CONFLICT (user_id, name) DO NOTHING RETURNING ${COLUMNS}`,
  parse: parsePolicy,
});

// One statement, so two concurrent "apply"s of one name never fail on the unique index.
const upsert = definedQuery<InsertValues, PolicyView & { created: boolean }>({
  name: "policy_upsert",
  text: `INSERT INTO routing_policies (id, user_id, name, goal, allowed_models, max_fallbacks, max_cost_per_request, max_latency_ms)
VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, $8)
ON CONFLICT (user_id, name) DO UPDATE SET goal = EXCLUDED.goal, allowed_models = EXCLUDED.allowed_models,
  max_fallbacks = EXCLUDED.max_fallbacks, max_cost_per_request = EXCLUDED.max_cost_per_request,
  max_latency_ms = EXCLUDED.max_latency_ms, updated_at = now()
RETURNING ${COLUMNS}, (xmax = 0) AS created`,
  parse: (r) => ({ ...parsePolicy(r), created: r.created === true }),
});

const update = definedQuery<Values, PolicyView>({
  name: "policy_update",
  text: `UPDATE routing_policies SET goal = $3, allowed_models = $4, max_fallbacks = $5, max_cost_per_request = $6::bigint,
  max_latency_ms = $7, updated_at = now()
WHERE user_id = $1 AND name = $2 RETURNING ${COLUMNS}`,
  parse: parsePolicy,
});

const remove = definedQuery<[userId: string, name: string], { id: string }>({
  name: "policy_delete",
  text: "DELETE FROM routing_policies WHERE user_id = $1 AND name = $2 RETURNING id",
  parse: (r) => ({ id: str(r, "id") }),
});

// The FK would set them to NULL too; doing it first returns their hashes, so the keys' cached
// default policy (lib/api-keys/key-cache.ts) is evicted when the deletion commits.
const detachKeys = definedQuery<[policyId: string, userId: string], string>({
  name: "policy_detach_keys",
  text: "UPDATE api_keys SET default_policy_id = NULL WHERE default_policy_id = $1 AND user_id = $2 RETURNING hash",
  parse: (r) => str(r, "hash"),
});

const keysUsing = definedQuery<[userId: string], { policyId: string; keys: number }>({
  name: "policy_key_counts",
  text: `SELECT default_policy_id, count(*)::int AS n FROM api_keys
WHERE user_id = $1 AND default_policy_id IS NOT NULL AND revoked_at IS NULL GROUP BY default_policy_id`,
  parse: (r) => ({ policyId: str(r, "default_policy_id"), keys: int(r, "n") }),
});

function values(userId: string, p: PolicyInput): Values {
  return [userId, p.name, p.goal, p.allowedModels, p.maxFallbacks,
    p.maxCostPerRequest === null ? null : p.maxCostPerRequest.toString(), p.maxLatencyMs];
}

/** The account's policies, by name. */
export function listPolicies(userId: string, via?: Sql): Promise<PolicyView[]> {
  return list.all([userId], via);
}

/** The policy, locked for the rest of the transaction `via`; null when the account has none by that name. */
export function lockPolicy(userId: string, name: string, via: Sql): Promise<PolicyView | null> {
  return lockOne.first([userId, name], via);
}

export function countPolicies(userId: string, via?: Sql): Promise<number> {
  return countOf.first([userId], via).then((n) => n ?? 0);
}

/** Creates it; null when the account already has a policy of that name. */
export function insertPolicy(id: string, userId: string, p: PolicyInput, via?: Sql): Promise<PolicyView | null> {
  return insert.first([id, ...values(userId, p)], via);
}

/** Creates it, or replaces the settings of the account's policy of that name (its id stays). */
export async function upsertPolicyRow(id: string, userId: string, p: PolicyInput, via?: Sql): Promise<{ policy: PolicyView; created: boolean }> {
  const row = await upsert.first([id, ...values(userId, p)], via);
  if (!row) throw new Error("policy_upsert returned no row");
  const { created, ...policy } = row;
  return { policy, created };
}

/** Replaces the settings of the account's policy `p.name`; null when there is none. */
export function updatePolicyRow(userId: string, p: PolicyInput, via?: Sql): Promise<PolicyView | null> {
  return update.first(values(userId, p), via);
}

/** Deletes it; the id it had, or null when there was none. */
export async function deletePolicyRow(userId: string, name: string, via?: Sql): Promise<string | null> {
  return (await remove.first([userId, name], via))?.id ?? null;
}

/** Clears the default policy of the keys that named it; their hashes. */
export function detachPolicyFromKeys(policyId: string, userId: string, via?: Sql): Promise<string[]> {
  return detachKeys.all([policyId, userId], via);
}

/** How many active keys use each policy as their default. */
export async function keyCountsByPolicy(userId: string): Promise<Map<string, number>> {
  return new Map((await keysUsing.all([userId])).map((r) => [r.policyId, r.keys]));
}
