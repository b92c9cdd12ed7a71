// A short-TTL in-memory cache of each account's routing policies by name, so a request naming
// `policy/<name>` (or an `auto` request of a key with a default policy) pays at most one
// indexed query per account per TTL. Shared across the fast-path and Next bundles
// (lib/shared-state.ts), so a change in the dashboard takes effect at once on this process;
// other processes evict the account when the change commits (a "policies" message,
// lib/invalidation), and the TTL bounds staleness only while that channel is down.
import { processSingleton, sharedTtlCache } from "@/lib/shared-state";
import type { AccountPolicies } from "@/lib/policies/types";

const TTL_MS = 15_000;
const MAX_ENTRIES = 20_000;
const cache = sharedTtlCache<AccountPolicies>("policyCache", MAX_ENTRIES);
/** Bumped by every eviction: a lookup that raced one must not cache what it read. */
const evictions = processSingleton("policyCacheEvictions", () => ({ count: 0 }));

/** undefined = not cached (an account without policies caches an empty map). */
export function readPolicyCache(userId: string, now: number): AccountPolicies | undefined {
  return cache.get(userId, now);
}

/** Taken before the database read whose result is then passed to writePolicyCache. */
export function policyCacheEpoch(): number {
  return evictions.count;
}

/** Caches a read, unless an eviction happened since `epoch` (the read may predate the change). */
export function writePolicyCache(userId: string, policies: AccountPolicies, now: number, epoch: number): void {
  if (epoch !== evictions.count) return;
  cache.set(userId, policies, TTL_MS, now);
}

export function evictPolicies(userId: string): void {
  evictions.count++;
  cache.delete(userId);
}

/** Forgets every account (the invalidation channel was down: messages may have been missed). */
export function clearPolicyCache(): void {
  evictions.count++;
  cache.clear();
}
