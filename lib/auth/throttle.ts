// Two small throttles on a ThrottleStore: a fixed-window counter (sign-up rate limits) and a
// failure counter with exponential backoff (sign-in). Both decide and count in one atomic
// store update, so a burst of parallel requests cannot all slip in before the first counts.
import type { ThrottleStore } from "@/lib/auth/throttle-store";

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

// ---------- fixed window ----------

export type WindowCount = { count: number; resetAt: number };

/** Counts one event under `key`; refuses once `limit` events fell in the current window. */
export async function takeWindowSlot(
  store: ThrottleStore<WindowCount>, key: string, limit: number, windowMs: number, now = Date.now(),
): Promise<Verdict> {
  let verdict: Verdict = { ok: true };
  await store.update(key, (current) => {
    const w = current && current.resetAt > now ? current : { count: 0, resetAt: now + windowMs };
    if (w.count >= limit) {
      verdict = { ok: false, retryAfterMs: w.resetAt - now };
      return null;
    }
    verdict = { ok: true };
    return { value: { count: w.count + 1, resetAt: w.resetAt }, ttlMs: w.resetAt - now };
  }, now);
  return verdict;
}

// ---------- failures with backoff ----------

export type Failures = { failures: number; lastAt: number };

export type BackoffPolicy = {
  /** Failures allowed before any delay. */
  free: number;
  /** Delay after the first failure beyond `free`; it doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A counter with no new failure for this long is forgotten. */
  forgetAfterMs: number;
};

/** How long from `now` a counter in this state refuses attempts (0 = open). */
export function lockedForMs(state: Failures | undefined, policy: BackoffPolicy, now: number): number {
  if (!state || state.failures < policy.free) return 0;
  const exponent = Math.min(state.failures - policy.free, 30);
  const delay = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
  return Math.max(0, state.lastAt + delay - now);
}

/**
 * Starts an attempt: refuses while the counter is locked; otherwise counts the attempt as a
 * failure up front (so parallel guesses see each other) — forgive it once it succeeds.
 */
export async function beginAttempt(
  store: ThrottleStore<Failures>, key: string, policy: BackoffPolicy, now = Date.now(),
): Promise<Verdict> {
  let verdict: Verdict = { ok: true };
  await store.update(key, (current) => {
    const wait = lockedForMs(current, policy, now);
    if (wait > 0) {
      verdict = { ok: false, retryAfterMs: wait };
      return null;
    }
    verdict = { ok: true };
    return { value: { failures: (current?.failures ?? 0) + 1, lastAt: now }, ttlMs: policy.forgetAfterMs };
  }, now);
  return verdict;
}

/** The attempt failed: its lock runs from now (when the failure is answered), not from its start. */
export async function stampFailure(store: ThrottleStore<Failures>, key: string, policy: BackoffPolicy, now = Date.now()): Promise<void> {
  await store.update(key, (current) => (current ? { value: { failures: current.failures, lastAt: Math.max(current.lastAt, now) }, ttlMs: policy.forgetAfterMs } : null), now);
}

/** Takes back one failure counted by beginAttempt (the attempt succeeded or was not made). */
export async function forgiveAttempt(store: ThrottleStore<Failures>, key: string, policy: BackoffPolicy, now = Date.now()): Promise<void> {
  await store.update(key, (current) => {
    if (!current) return null;
    if (current.failures <= 1) return { delete: true };
    return { value: { failures: current.failures - 1, lastAt: current.lastAt }, ttlMs: Math.max(1, current.lastAt + policy.forgetAfterMs - now) };
  }, now);
}

export async function clearFailures(store: ThrottleStore<Failures>, key: string, now = Date.now()): Promise<void> {
  await store.update(key, () => ({ delete: true }), now);
}
