// A tiny TTL cache in front of the key lookup, shared by the fast-path and Next bundles
// (lib/shared-state.ts), so a revoke in the dashboard evicts the key for the API at once.
import { sharedTtlCache } from "@/lib/shared-state";

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

const POSITIVE_TTL_MS = 10_000; // other instances see a revoke within this window
const NEGATIVE_TTL_MS = 2_000; // bounds DB load from repeated bad keys
const MAX_ENTRIES = 10_000;

const cache = sharedTtlCache<CachedKey | null>("apiKeyCache", MAX_ENTRIES);

/** undefined = not cached; null = known to be no valid key. */
export function readKeyCache(hash: string, now: number): CachedKey | null | undefined {
  return cache.get(hash, now);
}

export function writeKeyCache(hash: string, value: CachedKey | null, now: number): void {
  cache.set(hash, value, value ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS, now);
}

export function evictKey(hash: string): void {
  cache.delete(hash);
}
