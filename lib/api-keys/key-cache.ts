// A tiny TTL cache in front of the key lookup, shared by the fast-path and Next bundles
// (lib/shared-state.ts), so a revoke in the dashboard evicts the key for the API at once.
// Other processes hear of it on the invalidation channel (lib/invalidation): whatever changes
// a key row or the account fields cached here publishes apiKeysChanged(hashes) in its
// transaction and then calls evictKeys; the TTL only bounds staleness when that channel is down.
import type { KeyMode } from "@/lib/api-keys/generate-key";
import type { OptimizationGoal } from "@/lib/gateway/formats/types";
import type { RequestSource } from "@/lib/observability/request-log";
import { processSingleton, sharedTtlCache } from "@/lib/shared-state";

export type CachedKey = {
  keyId: string;
  userId: string;
  revoked: boolean;
  /** Disabled without being revoked: refused with 403 until enabled again. */
  disabled: boolean;
  expiresAt: number | null;
  /** "Can manage keys": accepted by the /keys management API only, never for model calls. */
  canManage: boolean;
  /** Test keys are answered by the simulator and cost nothing (lib/gateway/test-mode.ts). */
  mode: KeyMode;
  rpmLimit: number | null;
  tpmLimit: number | null;
  /** Requests in flight at once (null = unlimited). */
  concurrencyLimit: number | null;
  /** Credit budgets in units (null = none): read by the budget holds of #20.4. */
  budgetDaily: bigint | null;
  budgetMonthly: bigint | null;
  budgetTotal: bigint | null;
  allowedModels: string[];
  defaultGoal: OptimizationGoal | null;
  /** The name of the key's default routing policy (lib/policies): `model: "auto"` goes through it. */
  policy: string | null;
  /** The account stores no prompt/response bodies. */
  zeroRetention: boolean;
  /**
   * request_logs.source of the calls made with it (absent = api). Never read from the database:
   * the dashboard playground sets it on its own copy of the account's hidden key (lib/playground).
   */
  source?: RequestSource;
};

const POSITIVE_TTL_MS = 10_000; // bounds staleness only while the invalidation channel is down
const NEGATIVE_TTL_MS = 2_000; // bounds DB load from repeated bad keys
const MAX_ENTRIES = 10_000;

const cache = sharedTtlCache<CachedKey | null>("apiKeyCache", MAX_ENTRIES);
/** Bumped by every eviction: a lookup that raced one must not cache what it read. */
const evictions = processSingleton("apiKeyCacheEvictions", () => ({ count: 0 }));

/** undefined = not cached; null = known to be no valid key. */
export function readKeyCache(hash: string, now: number): CachedKey | null | undefined {
  return cache.get(hash, now);
}

/** Taken before the database lookup whose result is then passed to writeKeyCache. */
export function keyCacheEpoch(): number {
  return evictions.count;
}

/**
 * Caches a lookup's result, unless an eviction happened since `epoch`: the row may have
 * been read before that change committed, and caching it would undo the eviction.
 */
export function writeKeyCache(hash: string, value: CachedKey | null, now: number, epoch: number): void {
  if (epoch !== evictions.count) return;
  cache.set(hash, value, value ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS, now);
}

export function evictKeys(hashes: Iterable<string>): void {
  evictions.count++;
  for (const hash of hashes) cache.delete(hash);
}

/** Forgets every key (the invalidation channel was down: messages may have been missed). */
export function clearKeyCache(): void {
  evictions.count++;
  cache.clear();
}
