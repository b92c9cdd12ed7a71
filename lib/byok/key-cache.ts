// A short-TTL in-memory cache of each account's decrypted provider keys, so the gateway pays
// at most one indexed query per account per TTL (accounts without BYOK keys cache "none").
// Shared across the fast-path and Next bundles (lib/shared-state.ts), so saving or deleting a
// key in the dashboard takes effect at once on this process; other processes evict the
// account when the change commits (a "byok" message, lib/invalidation), and the TTL bounds
// staleness only while that channel is down.
import { processSingleton, sharedTtlCache } from "@/lib/shared-state";

export type ByokKeys = ReadonlyMap<string, string>;

const TTL_MS = 15_000;
const MAX_ENTRIES = 20_000;
const cache = sharedTtlCache<ByokKeys | null>("byokKeyCache", MAX_ENTRIES);
/** Bumped by every eviction: a lookup that raced one must not cache what it read. */
const evictions = processSingleton("byokKeyCacheEvictions", () => ({ count: 0 }));

/** undefined = not cached; null = the account has no BYOK keys. */
export function readByokCache(userId: string, now: number): ByokKeys | null | undefined {
  return cache.get(userId, now);
}

/** Taken before the database lookup whose result is then passed to writeByokCache. */
export function byokCacheEpoch(): number {
  return evictions.count;
}

/** Caches a lookup's result, unless an eviction happened since `epoch` (it may predate the change). */
export function writeByokCache(userId: string, keys: ByokKeys | null, now: number, epoch: number): void {
  if (epoch !== evictions.count) return;
  cache.set(userId, keys, TTL_MS, now);
}

export function evictByokKeys(userId: string): void {
  evictions.count++;
  cache.delete(userId);
}

/** Forgets every account (the invalidation channel was down: messages may have been missed). */
export function clearByokCache(): void {
  evictions.count++;
  cache.clear();
}
