// The request path's read of an account's policies: the cache (cache.ts), else one indexed
// query whose result is cached. Callers ask only when the request needs it (needsPolicies):
// a request naming neither `policy/<name>` nor `auto` on a key with a default policy never
// waits for this.
import { listPolicies } from "@/lib/sql/policies";
import { policyCacheEpoch, readPolicyCache, writePolicyCache } from "@/lib/policies/cache";
import type { AccountPolicies } from "@/lib/policies/types";

export async function accountPolicies(userId: string): Promise<AccountPolicies> {
  const now = Date.now();
  const cached = readPolicyCache(userId, now);
  if (cached !== undefined) return cached;
  const epoch = policyCacheEpoch();
  const policies: AccountPolicies = new Map((await listPolicies(userId)).map((p) => [p.name, p]));
  writePolicyCache(userId, policies, now, epoch);
  return policies;
}
