// A tiny TTL cache in front of the key lookup. It lives on globalThis under a registered
// symbol so that the fast-path server bundle and Next's bundle, which each carry their own
// copy of this module in one process, share one cache: a revoke in the dashboard evicts
// the key for the API at once.
export type CachedKey = {
  keyId: string;
  userId: string;
  revoked: boolean;
  expiresAt: number | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  allowedModels: string[];
  /** The account stores no prompt/response bodies. */
  zeroRetention: boolean;
};

type Entry = { value: CachedKey | null; until: number };

const POSITIVE_TTL_MS = 10_000; // other instances see a revoke within this window
const NEGATIVE_TTL_MS = 2_000; // bounds DB load from repeated bad keys
const MAX_ENTRIES = 10_000;

const slot = Symbol.for("switchyard.apiKeyCache");
const g = globalThis as unknown as Record<symbol, Map<string, Entry> | undefined>;
const cache: Map<string, Entry> = (g[slot] ??= new Map());

export function readKeyCache(hash: string, now: number): CachedKey | null | undefined {
  const e = cache.get(hash);
  if (!e) return undefined;
  if (e.until < now) {
    cache.delete(hash);
    return undefined;
  }
  return e.value;
}

export function writeKeyCache(hash: string, value: CachedKey | null, now: number): void {
  if (cache.size >= MAX_ENTRIES) {
    // Map iterates in insertion order: drop the oldest entry.
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(hash, { value, until: now + (value ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS) });
}

export function evictKey(hash: string): void {
  cache.delete(hash);
}
