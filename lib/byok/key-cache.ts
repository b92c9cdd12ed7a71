// A short-TTL in-memory cache of each account's decrypted provider keys, so the gateway pays
// at most one indexed query per account per TTL (accounts without BYOK keys cache "none").
// Shared across the fast-path and Next bundles through a registered symbol, like
// lib/api-keys/key-cache.ts, so saving or deleting a key in the dashboard takes effect at once
// on this instance (other instances within the TTL).
export type ByokKeys = ReadonlyMap<string, string>;

type Entry = { keys: ByokKeys | null; until: number };

const TTL_MS = 15_000;
const MAX_ENTRIES = 20_000;
const slot = Symbol.for("switchyard.byokKeyCache");
const g = globalThis as unknown as Record<symbol, Map<string, Entry> | undefined>;
const cache: Map<string, Entry> = (g[slot] ??= new Map());

export function readByokCache(userId: string, now: number): ByokKeys | null | undefined {
  const e = cache.get(userId);
  if (!e) return undefined;
  if (e.until < now) {
    cache.delete(userId);
    return undefined;
  }
  return e.keys;
}

export function writeByokCache(userId: string, keys: ByokKeys | null, now: number): void {
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(userId, { keys, until: now + TTL_MS });
}

export function evictByokKeys(userId: string): void {
  cache.delete(userId);
}
