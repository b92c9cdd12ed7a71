// Where sign-up and sign-in throttling keep their counters: in process (one server), or in
// Redis when REDIS_URL is set (throttle-redis-store.ts), so that every worker and instance
// counts one window; the in-process store then answers only while Redis is unreachable.
import { processSingleton, TtlCache } from "@/lib/shared-state";
import { redisLink } from "@/lib/redis";
import { RedisThrottleStore } from "@/lib/auth/throttle-redis-store";
import type { StoreChange, ThrottleStore } from "@/lib/auth/throttle-types";

export type { StoreChange, ThrottleStore };

// Enough for every active client of one server; when full, the oldest entry goes first, so a
// flood of made-up keys costs memory up to this bound and no further.
const MAX_ENTRIES = 200_000;

export class MemoryThrottleStore<T> implements ThrottleStore<T> {
  private readonly cache = new TtlCache<T>(MAX_ENTRIES);

  async update(key: string, change: (current: T | undefined) => StoreChange<T>, now: number): Promise<void> {
    // Read and write with no await between them: atomic within the process.
    const next = change(this.cache.get(key, now));
    if (next === null) return;
    if ("delete" in next) this.cache.delete(key);
    else this.cache.set(key, next.value, next.ttlMs, now);
  }
}

/**
 * The process-wide store named `name`: the sign-up route and next-auth may see different
 * copies of this module inside Next (lib/shared-state.ts), so the counters live on the process.
 */
export function throttleStore<T>(name: string): ThrottleStore<T> {
  return processSingleton(`throttle.${name}`, (): ThrottleStore<T> => {
    const memory = new MemoryThrottleStore<T>();
    return redisLink() ? new RedisThrottleStore<T>(name, redisLink, memory) : memory;
  });
}
