// Where sign-up and sign-in throttling keep their counters. In process for now (one server);
// the scale-out issue adds a Redis store behind the same interface: `update` maps onto
// WATCH/GET/MULTI/SET PX/EXEC (or a Lua script), `delete` onto DEL.
import { processSingleton, TtlCache } from "@/lib/shared-state";

/** What `change` asks for: keep the new value for ttlMs, drop the key, or leave it alone. */
export type StoreChange<T> = { value: T; ttlMs: number } | { delete: true } | null;

export interface ThrottleStore<T> {
  /**
   * Atomically replaces the value at `key` with what `change` returns for the current one
   * (undefined when missing or expired). `change` must be pure: a shared store may call it
   * again when another writer got there first.
   */
  update(key: string, change: (current: T | undefined) => StoreChange<T>, now: number): Promise<void>;
}

// Enough for every active client of one server; when full, the oldest entry goes first, so a
// flood of made-up keys costs memory up to this bound and no further.
const MAX_ENTRIES = 200_000;

class MemoryThrottleStore<T> implements ThrottleStore<T> {
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
 * The process-wide store named `name`: the sign-up route and next-auth run in Next's bundle
 * and server.ts in its own, so the counters must live on the process, not on a module.
 */
export function throttleStore<T>(name: string): ThrottleStore<T> {
  return processSingleton(`throttle.${name}`, () => new MemoryThrottleStore<T>());
}
