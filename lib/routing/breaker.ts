// Circuit breaker per provider+model (SPEC §5): opens after 3 consecutive failures, or at
// ≥ 50 % errors over ≥ 10 requests in 30 s; stays open 30 s; then lets one probe through
// (half-open) — success closes it, failure opens it again. In-process state; shared across
// the two bundles in one process (lib/shared-state.ts).
// The 30 s window's counts: lib/routing/outcome-window.ts (fixed cost and memory per outcome).
//
// Across processes (REDIS_URL): each opening and closing is published on a Redis channel and
// applied by the other processes to their own map, so an upstream found broken by one worker
// is skipped by all within milliseconds. Reads stay local and synchronous; a lost message only
// means the others find out for themselves, as without Redis.
//
// Whose breaker: calls on the platform's key share one breaker per provider+model; calls on
// an account's own key (BYOK) get a breaker per provider+model+account, so one account's
// broken or exhausted key never blocks the model for the others, nor theirs for it.
//
// 429s are not failures of the upstream, only of a quota: they never count toward the
// "3 consecutive" rule (one account bursting must not block everybody for 30 s) and open the
// breaker only when the key is refused almost outright over the window (RATE_LIMIT_* below).
import { processSingleton } from "@/lib/shared-state";
import { FAILED, LIMITED, OK, OutcomeWindow, WINDOW_MS, type Outcome } from "@/lib/routing/outcome-window";
import { newOrigin, publishTransition, subscribeTransitions, type Transition } from "@/lib/routing/breaker-sharing";

export type BreakerState = "closed" | "open" | "half_open";

/** What identifies a breaker; a ChainLink is one. No account = the platform's shared key. */
export type BreakerRef = { readonly breakerKey: string; readonly breakerAccount?: string | undefined };

const CONSECUTIVE_LIMIT = 3;
const WINDOW_MIN_REQUESTS = 10;
const ERROR_RATIO = 0.5;
const OPEN_MS = 30_000;
// Sustained 429s. The window counts attempts and a single-model request makes two (one
// retry), so 20 attempts ≈ SPEC's 10 requests. 90 %, not 50 %: a key refused half the time
// still serves the other half, while an open breaker would refuse all of it, for every
// account; each 429 is already failed over (or retried) on its own.
const RATE_LIMIT_MIN_REQUESTS = 20;
const RATE_LIMIT_RATIO = 0.9;
// An upstream's retry-after sets how long a 429-opened breaker stays open, within bounds:
// below 5 s it would flap on every probe (the per-request retry covers such short waits);
// above 2 min one hint (daily quotas say hours) would lock every account out for too long.
const RATE_LIMIT_OPEN_MIN_MS = 5_000;
const RATE_LIMIT_OPEN_MAX_MS = 120_000;
// Per-account breakers come and go with accounts: idle closed ones are dropped (amortised,
// when the count doubles), so memory follows active accounts, not every account ever seen.
const PRUNE_MIN = 1_000;
const STALE_MS = 10 * 60_000;

type Breaker = {
  /** Consecutive failures (5xx, timeouts, connection errors); a 429 leaves it as it is. */
  consecutive: number;
  openedAt: number | null;
  /** How long the current opening lasts. */
  openMs: number;
  probeInFlight: boolean;
  /** The last 30 s of outcomes. */
  window: OutcomeWindow;
  lastAt: number;
};

type Registry = {
  shared: Map<string, Breaker>;
  /** provider+model → account → breaker. */
  accounts: Map<string, Map<string, Breaker>>;
  accountCount: number;
  pruneAt: number;
  /** Listening to the other processes' transitions (once Redis is configured and a breaker is used). */
  sharing: boolean;
  /** This process's name on what it publishes, to ignore its own messages. */
  readonly origin: string;
};

const registry = processSingleton<Registry>("breakerRegistry", () => ({
  shared: new Map(), accounts: new Map(), accountCount: 0, pruneAt: PRUNE_MIN, sharing: false,
  origin: newOrigin(),
}));

const fresh = (now: number): Breaker => ({
  consecutive: 0, openedAt: null, openMs: OPEN_MS, probeInFlight: false,
  window: new OutcomeWindow(now), lastAt: now,
});

function find(ref: BreakerRef | string): Breaker | undefined {
  if (typeof ref === "string") return registry.shared.get(ref);
  return ref.breakerAccount === undefined
    ? registry.shared.get(ref.breakerKey)
    : registry.accounts.get(ref.breakerKey)?.get(ref.breakerAccount);
}

function get(ref: BreakerRef, now: number): Breaker {
  const account = ref.breakerAccount;
  if (account === undefined) {
    let b = registry.shared.get(ref.breakerKey);
    if (!b) registry.shared.set(ref.breakerKey, (b = fresh(now)));
    return b;
  }
  let b = registry.accounts.get(ref.breakerKey)?.get(account);
  if (b) return b;
  // Prune first: it may drop this upstream's (empty) map.
  if (registry.accountCount >= registry.pruneAt) pruneAccountBreakers(now);
  let byAccount = registry.accounts.get(ref.breakerKey);
  if (!byAccount) registry.accounts.set(ref.breakerKey, (byAccount = new Map()));
  byAccount.set(account, (b = fresh(now)));
  registry.accountCount++;
  return b;
}

function stateOf(b: Breaker | undefined, now: number): BreakerState {
  if (!b || b.openedAt === null) return "closed";
  return now - b.openedAt >= b.openMs ? "half_open" : "open";
}

export function breakerState(ref: BreakerRef | string, now = Date.now()): BreakerState {
  return stateOf(find(ref), now);
}

/** May a request go to this upstream now? In half-open state only one probe at a time. */
export function breakerAllows(ref: BreakerRef, now = Date.now()): boolean {
  if (!registry.sharing) startSharing();
  const b = find(ref);
  const state = stateOf(b, now);
  if (state === "closed") return true;
  if (state === "open" || b!.probeInFlight) return false;
  b!.probeInFlight = true;
  return true;
}

/** Milliseconds until the breaker lets a probe through again (0 when it would now). */
export function msUntilHalfOpen(ref: BreakerRef, now = Date.now()): number {
  const b = find(ref);
  return b && b.openedAt !== null ? Math.max(0, b.openedAt + b.openMs - now) : 0;
}

/** The `retry-after` (whole seconds, ≥ 1) when every breaker in `refs` refused: the earliest half-open. */
export function retryAfterSeconds(refs: readonly BreakerRef[], now = Date.now()): number {
  let ms = Infinity;
  for (const r of refs) ms = Math.min(ms, msUntilHalfOpen(r, now));
  return Math.max(1, Math.ceil((Number.isFinite(ms) ? ms : OPEN_MS) / 1000));
}

function push(b: Breaker, outcome: Outcome, now: number): void {
  b.window.record(outcome, now);
  b.lastAt = now;
}

function open(b: Breaker, now: number, ms: number): void {
  b.openedAt = now;
  b.openMs = ms;
  b.probeInFlight = false;
}

function openAndPublish(ref: BreakerRef, b: Breaker, now: number, ms: number): void {
  open(b, now, ms);
  publish(ref, true, ms);
}

export function recordSuccess(ref: BreakerRef, now = Date.now()): void {
  const b = get(ref, now);
  const wasOpen = b.openedAt !== null;
  b.consecutive = 0;
  b.openedAt = null;
  b.probeInFlight = false;
  push(b, OK, now);
  if (wasOpen) publish(ref, false, 0);
}

// ---- sharing across processes ----

function publish(ref: BreakerRef, isOpen: boolean, ms: number): void {
  publishTransition({ from: registry.origin, key: ref.breakerKey, account: ref.breakerAccount ?? null, open: isOpen, ms });
}

/** Another process's breaker opened (for `ms` from now) or closed: the same here. */
function applyRemote(m: Transition): void {
  if (m.from === registry.origin) return;
  const now = Date.now();
  const ref: BreakerRef = { breakerKey: m.key, breakerAccount: m.account ?? undefined };
  if (m.open) {
    open(get(ref, now), now, m.ms);
    return;
  }
  const b = find(ref);
  if (!b || b.openedAt === null) return;
  b.openedAt = null;
  b.consecutive = 0;
  b.probeInFlight = false;
}

/** Subscribes to the other processes' transitions (lazily, on the first breaker check). */
export function startSharing(): void {
  if (registry.sharing) return;
  registry.sharing = true;
  subscribeTransitions(applyRemote);
}

/** A 5xx, timeout or connection error. */
export function recordFailure(ref: BreakerRef, now = Date.now()): void {
  const b = get(ref, now);
  b.consecutive += 1;
  push(b, FAILED, now);
  const { total: n, failed } = b.window;
  const ratioTripped = n >= WINDOW_MIN_REQUESTS && failed / n >= ERROR_RATIO;
  if (b.probeInFlight || b.consecutive >= CONSECUTIVE_LIMIT || ratioTripped) openAndPublish(ref, b, now, OPEN_MS);
}

/** A 429; `retryAfterMs` is the upstream's hint, if it gave one. */
export function recordRateLimited(ref: BreakerRef, retryAfterMs?: number, now = Date.now()): void {
  const b = get(ref, now);
  push(b, LIMITED, now);
  const { total: n, failed, limited } = b.window;
  const sustained = n >= RATE_LIMIT_MIN_REQUESTS && (failed + limited) / n >= RATE_LIMIT_RATIO;
  if (!b.probeInFlight && !sustained) return;
  const ms = retryAfterMs === undefined ? OPEN_MS : Math.min(RATE_LIMIT_OPEN_MAX_MS, Math.max(RATE_LIMIT_OPEN_MIN_MS, retryAfterMs));
  openAndPublish(ref, b, now, ms);
}

/** A request that was let through but never reached the upstream (e.g. client left). */
export function releaseProbe(ref: BreakerRef): void {
  const b = find(ref);
  if (b) b.probeInFlight = false;
}

function prunable(b: Breaker, now: number): boolean {
  const idle = now - b.lastAt;
  if (b.probeInFlight || stateOf(b, now) === "open" || idle <= WINDOW_MS) return false;
  return (b.consecutive === 0 && b.openedAt === null) || idle > STALE_MS;
}

function pruneAccountBreakers(now: number): void {
  for (const [upstream, byAccount] of registry.accounts) {
    for (const [account, b] of byAccount) {
      if (prunable(b, now)) {
        byAccount.delete(account);
        registry.accountCount--;
      }
    }
    if (byAccount.size === 0) registry.accounts.delete(upstream);
  }
  registry.pruneAt = Math.max(PRUNE_MIN, registry.accountCount * 2);
}

/** The shared (platform-key) breakers, one per provider+model. */
export function allBreakerStates(now = Date.now()): Array<{ key: string; state: BreakerState }> {
  return [...registry.shared].map(([key, b]) => ({ key, state: stateOf(b, now) }));
}

/**
 * Per-account (BYOK) breakers, counted per provider+model: one series per account would let
 * the metrics grow with the number of accounts.
 */
export function accountBreakerCounts(now = Date.now()): Array<{ key: string; open: number; halfOpen: number }> {
  const out: Array<{ key: string; open: number; halfOpen: number }> = [];
  for (const [key, byAccount] of registry.accounts) {
    let open = 0;
    let halfOpen = 0;
    for (const b of byAccount.values()) {
      const s = stateOf(b, now);
      if (s === "open") open++;
      else if (s === "half_open") halfOpen++;
    }
    out.push({ key, open, halfOpen });
  }
  return out;
}

/** How many per-account breakers are held (memory bound check). */
export function accountBreakerCount(): number {
  return registry.accountCount;
}

export function resetBreakersForTests(): void {
  registry.shared.clear();
  registry.accounts.clear();
  registry.accountCount = 0;
  registry.pruneAt = PRUNE_MIN;
  registry.sharing = false;
}
