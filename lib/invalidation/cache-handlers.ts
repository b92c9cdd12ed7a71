// What this process does with each invalidation: evict the caches that hold the changed
// state. The caches are shared by the fast-path and Next bundles (lib/shared-state.ts), so
// one listener per process serves both. One message is a wake-up rather than an eviction:
// new replay work (a no-op in a process that runs no replay worker, e.g. the Next process).
import { clearKeyCache, evictKeys } from "@/lib/api-keys/key-cache";
import { forgetAllBalances, forgetBalance } from "@/lib/billing/settlement/balance-view";
import { clearByokCache, evictByokKeys } from "@/lib/byok/key-cache";
import type { InvalidationHandlers } from "@/lib/invalidation/messages";
import { clearPolicyCache, evictPolicies } from "@/lib/policies/cache";
import { wakeReplayWorker } from "@/lib/replay/worker";

export const cacheHandlers: InvalidationHandlers = {
  "api-keys": (m) => evictKeys(m.hashes),
  byok: (m) => evictByokKeys(m.userId),
  // Nothing caches session versions: the jwt callback reads the row on every session read
  // (lib/auth/session-version.ts). The message is published so a future cache can evict here.
  session: () => undefined,
  policies: (m) => evictPolicies(m.userId),
  balance: (m) => forgetBalance(m.userId),
  "replay-work": () => wakeReplayWorker(),
  // Messages may have been missed (the LISTEN connection was down): forget, and look for work.
  flush: () => {
    clearKeyCache();
    clearByokCache();
    clearPolicyCache();
    forgetAllBalances();
    wakeReplayWorker();
  },
};
