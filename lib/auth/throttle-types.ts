// The store interface behind sign-up and sign-in throttling (throttle-store.ts picks one).
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
