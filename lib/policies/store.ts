// Policy CRUD for the API, the dashboard and the optimization page's "apply". Every statement
// is scoped to the owner; every change publishes the account's "policies" invalidation in its
// own transaction (other processes drop their cached copy when it commits), then evicts it here.
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import { evictKeys } from "@/lib/api-keys/key-cache";
import { apiKeysChanged, type InvalidationMessage } from "@/lib/invalidation/messages";
import { changeAndPublish } from "@/lib/invalidation/publish";
import { hasNul } from "@/lib/pg-text";
import type { Sql } from "@/lib/sql/executor";
import {
  countPolicies, deletePolicyRow, detachPolicyFromKeys, insertPolicy, listPolicies as listRows, lockPolicy,
  updatePolicyRow, upsertPolicyRow,
} from "@/lib/sql/policies";
import { evictPolicies } from "@/lib/policies/cache";
import { checkPolicyInput, type PolicyPatch } from "@/lib/policies/schema";
import { POLICY_NAME_PATTERN, type PolicyInput, type PolicyView } from "@/lib/policies/types";

export type { PolicyInput, PolicyView };

export const MAX_POLICIES = 100;

const changed = (userId: string): InvalidationMessage[] => [{ kind: "policies", userId }];

function notFound(name: string): AppError {
  return new AppError("not_found", `No policy named '${name}'.`);
}

/** A name that cannot exist answers like a missing one (and never reaches Postgres with a NUL). */
function lookupName(name: string): boolean {
  return !hasNul(name) && POLICY_NAME_PATTERN.test(name);
}

async function refuseOverLimit(userId: string, via: Sql): Promise<void> {
  if ((await countPolicies(userId, via)) >= MAX_POLICIES) {
    throw new AppError("invalid_request", `You can have at most ${MAX_POLICIES} policies. Delete one first.`);
  }
}

export async function listPolicies(userId: string): Promise<PolicyView[]> {
  return listRows(userId);
}

/** The owner's policy; another account's name answers exactly like a missing one (404). */
export async function getPolicy(userId: string, name: string): Promise<PolicyView> {
  const found = lookupName(name) ? (await listRows(userId)).find((p) => p.name === name) : undefined;
  if (!found) throw notFound(name);
  return found;
}

/** Creates a policy; 409 when the account already has one of that name. */
export async function createPolicy(userId: string, input: PolicyInput): Promise<PolicyView> {
  const p = checkPolicyInput(input);
  const row = await changeAndPublish(async (sql) => {
    await refuseOverLimit(userId, sql);
    const created = await insertPolicy(createId("pol"), userId, p, sql);
    if (!created) throw new AppError("conflict", `A policy named '${p.name}' already exists. PATCH /v1/policies/${p.name} changes it.`, "name");
    return created;
  }, () => changed(userId));
  evictPolicies(userId);
  return row;
}

/**
 * Creates the policy, or replaces the settings of the account's policy of that name (what the
 * optimization page's "apply" does). Keys using it as their default follow the new settings.
 */
export async function upsertPolicy(userId: string, input: PolicyInput): Promise<PolicyView> {
  const p = checkPolicyInput(input);
  const { policy } = await changeAndPublish(async (sql) => {
    // Not one more than the limit; replacing an existing one is always allowed.
    if ((await countPolicies(userId, sql)) >= MAX_POLICIES && !(await lockPolicy(userId, p.name, sql))) {
      throw new AppError("invalid_request", `You can have at most ${MAX_POLICIES} policies. Delete one first.`);
    }
    return upsertPolicyRow(createId("pol"), userId, p, sql);
  }, () => changed(userId));
  evictPolicies(userId);
  return policy;
}

/** Applies a PATCH to the owner's policy (404 when there is none); returns it as it now is. */
export async function updatePolicy(userId: string, name: string, patch: PolicyPatch): Promise<PolicyView> {
  if (!lookupName(name)) throw notFound(name);
  const row = await changeAndPublish(async (sql) => {
    // Locked: two concurrent PATCHes of different fields both land.
    const current = await lockPolicy(userId, name, sql);
    if (!current) throw notFound(name);
    const next: PolicyInput = {
      name, goal: patch.goal ?? current.goal, allowedModels: patch.allowedModels ?? current.allowedModels,
      maxFallbacks: patch.maxFallbacks ?? current.maxFallbacks,
      maxCostPerRequest: patch.maxCostPerRequest !== undefined ? patch.maxCostPerRequest : current.maxCostPerRequest,
      maxLatencyMs: patch.maxLatencyMs !== undefined ? patch.maxLatencyMs : current.maxLatencyMs,
    };
    const updated = await updatePolicyRow(userId, next, sql);
    if (!updated) throw notFound(name);
    return updated;
  }, () => changed(userId));
  evictPolicies(userId);
  return row;
}

/**
 * Deletes the owner's policy (404 when there is none) and returns its id; keys that used it as
 * their default go back to plain `auto`.
 */
export async function deletePolicy(userId: string, name: string): Promise<string> {
  if (!lookupName(name)) throw notFound(name);
  const { id, hashes } = await changeAndPublish(async (sql) => {
    const current = await lockPolicy(userId, name, sql);
    if (!current) throw notFound(name);
    const detached = await detachPolicyFromKeys(current.id, userId, sql);
    await deletePolicyRow(userId, name, sql);
    return { id: current.id, hashes: detached };
  }, (r) => [...changed(userId), ...apiKeysChanged(r.hashes)]);
  evictPolicies(userId);
  if (hashes.length > 0) evictKeys(hashes);
  return id;
}

/** The id of the owner's policy of that name (a key's default is set by name); 400 naming `param` when there is none. */
export async function policyIdForKey(userId: string, name: string, param: string): Promise<string> {
  const found = lookupName(name) ? (await listRows(userId)).find((p) => p.name === name) : undefined;
  if (!found) throw new AppError("invalid_request", `No policy named '${name}' in this account. POST /v1/policies creates one.`, param);
  return found.id;
}
