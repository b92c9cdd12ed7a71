// Circuit breaker per provider+model (SPEC §5): opens after 3 consecutive failures, or at
// ≥ 50 % errors over ≥ 10 requests in 30 s; stays open 30 s; then lets one probe through
// (half-open) — success closes it, failure opens it again. In-process state; shared across
// the two bundles in one process (lib/shared-state.ts).
import { processSingleton } from "@/lib/shared-state";

export type BreakerState = "closed" | "open" | "half_open";

const CONSECUTIVE_LIMIT = 3;
const WINDOW_MS = 30_000;
const WINDOW_MIN_REQUESTS = 10;
const ERROR_RATIO = 0.5;
const OPEN_MS = 30_000;

type Breaker = {
  consecutive: number;
  openedAt: number | null;
  probeInFlight: boolean;
  /** Recent outcomes: [time, ok] pairs, oldest first. */
  window: Array<[number, boolean]>;
};

const breakers = processSingleton("breakers", () => new Map<string, Breaker>());

function get(key: string): Breaker {
  let b = breakers.get(key);
  if (!b) breakers.set(key, (b = { consecutive: 0, openedAt: null, probeInFlight: false, window: [] }));
  return b;
}

export function breakerState(key: string, now = Date.now()): BreakerState {
  const b = breakers.get(key);
  if (!b || b.openedAt === null) return "closed";
  return now - b.openedAt >= OPEN_MS ? "half_open" : "open";
}

/** May a request go to this upstream now? In half-open state only one probe at a time. */
export function breakerAllows(key: string, now = Date.now()): boolean {
  const state = breakerState(key, now);
  if (state === "closed") return true;
  if (state === "open") return false;
  const b = get(key);
  if (b.probeInFlight) return false;
  b.probeInFlight = true;
  return true;
}

function trim(b: Breaker, now: number): void {
  while (b.window.length && now - b.window[0]![0] > WINDOW_MS) b.window.shift();
}

export function recordSuccess(key: string, now = Date.now()): void {
  const b = get(key);
  b.consecutive = 0;
  b.openedAt = null;
  b.probeInFlight = false;
  b.window.push([now, true]);
  trim(b, now);
}

export function recordFailure(key: string, now = Date.now()): void {
  const b = get(key);
  b.consecutive += 1;
  b.window.push([now, false]);
  trim(b, now);
  const failures = b.window.reduce((n, [, ok]) => n + (ok ? 0 : 1), 0);
  const ratioTripped = b.window.length >= WINDOW_MIN_REQUESTS && failures / b.window.length >= ERROR_RATIO;
  if (b.probeInFlight || b.consecutive >= CONSECUTIVE_LIMIT || ratioTripped) {
    b.openedAt = now;
    b.probeInFlight = false;
  }
}

/** A request that was let through but never reached the upstream (e.g. client left). */
export function releaseProbe(key: string): void {
  const b = breakers.get(key);
  if (b) b.probeInFlight = false;
}

export function allBreakerStates(now = Date.now()): Array<{ key: string; state: BreakerState }> {
  return [...breakers.keys()].map((key) => ({ key, state: breakerState(key, now) }));
}

export function resetBreakersForTests(): void {
  breakers.clear();
}
