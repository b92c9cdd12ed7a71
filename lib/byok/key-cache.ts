// A short-TTL in-memory cache of each account's decrypted provider keys, so the gateway pays
// at most one indexed query per account per TTL (accounts without BYOK keys cache "none").
// Shared across the fast-path and Next bundles (lib/shared-state.ts), so saving or deleting a
// key in the dashboard takes effect at once on this instance (other instances within the TTL).
import { sharedTtlCache } from "@/lib/shared-state";

export type ByokKeys = ReadonlyMap<string, string>;

const TTL_MS = 15_000;
const MAX_ENTRIES = 20_000;
const cache = sharedTtlCache<ByokKeys | null>("byokKeyCache", MAX_ENTRIES);

/** undefined = not cached; null = the account has no BYOK keys. */
export function readByokCache(userId: string, now: number): ByokKeys | null | undefined {
  return cache.get(userId, now);
}

export function writeByokCache(userId: string, keys: ByokKeys | null, now: number): void {
  cache.set(userId, keys, TTL_MS, now);
}

export function evictByokKeys(userId: string): void {
  cache.delete(userId);
}
