// What this process does with each invalidation: evict the caches that hold the changed
// state. The caches are shared by the fast-path and Next bundles (lib/shared-state.ts), so
// one listener per process serves both.
import { clearKeyCache, evictKeys } from "@/lib/api-keys/key-cache";
import { clearByokCache, evictByokKeys } from "@/lib/byok/key-cache";
import type { InvalidationHandlers } from "@/lib/invalidation/messages";
import { clearPolicyCache, evictPolicies } from "@/lib/policies/cache";

export const cacheHandlers: InvalidationHandlers = {
  "api-keys": (m) => evictKeys(m.hashes),
  byok: (m) => evictByokKeys(m.userId),
  // Nothing caches session versions: the jwt callback reads the row on every session read
  // (lib/auth/session-version.ts). The message is published so a future cache can evict here.
  session: () => undefined,
  policies: (m) => evictPolicies(m.userId),
  flush: () => {
    clearKeyCache();
    clearByokCache();
    clearPolicyCache();
  },
};
