// State that must be one per process. An API worker (lib/server/api-worker.ts) loads each of
// our modules once, so there this is a plain lookup at module load. The Next process is the
// reason it exists: Next compiles a module once per layer (route handlers and server
// components, instrumentation.ts, proxy.ts), so the charge queue the playground fills and the
// one instrumentation's drain hook flushes could be two objects. Every copy finds the same
// object under a registered symbol instead.

/** The process-wide value registered under `name`, created on first use. */
export function processSingleton<T>(name: string, create: () => T): T {
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  const slot = Symbol.for(`switchyard.${name}`);
  return (g[slot] ??= create());
}

/**
 * A bounded map whose entries expire: `get` returns undefined for a missing or expired key
 * (so a cached `null` can mean "known absent"); when full, the oldest entry makes room.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  constructor(private readonly maxEntries: number) {}

  get(key: string, now: number): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, ttlMs: number, now: number): void {
    // Map iterates in insertion order: the first key is the oldest.
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, until: now + ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A TtlCache shared by every bundle in the process (see the top of this file). */
export function sharedTtlCache<V>(name: string, maxEntries: number): TtlCache<V> {
  return processSingleton(name, () => new TtlCache<V>(maxEntries));
}
