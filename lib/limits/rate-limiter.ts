// Per-key limits, in process (SPEC §4): requests per minute over an exact sliding window,
// tokens per minute (prompt + max_tokens or a small estimate up front, corrected to the actual count when the
// request settles: settleTokens), and requests in flight at once. 429s carry retry-after and
// the x-ratelimit-* headers; admitted requests carry the same x-ratelimit-* headers
// (setRateLimitHeaders). The chat pipeline calls, in order: takeConcurrencySlot, takeRateLimit
// (or takeTokenLimit for an orchestration sub-call), setRateLimitHeaders, then settleTokens
// after the response.
//
// With REDIS_URL the same limits are counted in Redis instead, across processes and instances
// (shared-limits.ts); these in-process windows then serve only while Redis is unreachable.
//
// Cost: a key without limits returns at the first line (no Map lookup, no allocation). A
// limited key does one Map lookup; its windows are created once and reused.
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { processSingleton } from "@/lib/shared-state";
import { SlidingLog } from "@/lib/limits/sliding-log";
import { TokenWindow } from "@/lib/limits/token-window";
import {
  concurrencyRefused, requestsRefused, setRequestHeaders, setTokenHeaders, tokensRefused, WINDOW_MS,
} from "@/lib/limits/refusals";
import { redisUp } from "@/lib/redis";
import { settleTokensInRedis } from "@/lib/limits/redis-windows";

export { formatReset } from "@/lib/limits/refusals";
/** Output tokens counted up front for a request without max_tokens; corrected at settlement. */
export const DEFAULT_OUTPUT_ESTIMATE = 256;
// Idle keys' windows are dropped (amortised, when the count doubles), like idle breakers.
const PRUNE_MIN = 1_000;
const IDLE_MS = 2 * WINDOW_MS;

export type KeyLimits = Pick<CachedKey, "keyId" | "rpmLimit" | "tpmLimit" | "concurrencyLimit">;
/** Where admitted requests' headers go, and how a concurrency slot is given back: the API response. */
export type LimitResponse = { setHeader(name: string, value: string): void; after(fn: () => void): void; readonly headersSent?: boolean };

type KeyState = { requests: SlidingLog | null; tokens: TokenWindow | null; inFlight: number; lastUsed: number };
type Registry = { keys: Map<string, KeyState>; pruneAt: number };

const registry = processSingleton<Registry>("keyLimits", () => ({ keys: new Map(), pruneAt: PRUNE_MIN }));

function stateOf(keyId: string, now: number): KeyState {
  let s = registry.keys.get(keyId);
  if (!s) {
    if (registry.keys.size >= registry.pruneAt) prune(now);
    s = { requests: null, tokens: null, inFlight: 0, lastUsed: now };
    registry.keys.set(keyId, s);
  }
  s.lastUsed = now;
  return s;
}

function prune(now: number): void {
  for (const [id, s] of registry.keys) if (s.inFlight === 0 && now - s.lastUsed > IDLE_MS) registry.keys.delete(id);
  registry.pruneAt = Math.max(PRUNE_MIN, registry.keys.size * 2);
}

/** Tokens a request counts against a TPM limit before it runs: its prompt plus its output cap. */
export function tokensToReserve(promptTokens: number, maxTokens: number | undefined): number {
  return promptTokens + (maxTokens ?? DEFAULT_OUTPUT_ESTIMATE);
}

function checkRequests(rpm: number, s: KeyState, now: number): void {
  const log = (s.requests ??= new SlidingLog(WINDOW_MS, Math.min(rpm, 16)));
  const wait = log.waitFor(rpm, now);
  if (wait === 0) return;
  throw requestsRefused(rpm, wait, log.resetIn(now));
}

function checkTokens(tpm: number, s: KeyState, tokens: number, now: number): void {
  const window = (s.tokens ??= new TokenWindow());
  const wait = window.waitFor(tokens, tpm, now);
  if (wait === 0) return;
  throw tokensRefused(tpm, tokens, window.used(now), wait, window.resetIn(now));
}

/**
 * Counts one request, with its `estimatedTokens` (tokensToReserve), against the key's
 * requests-per-minute and tokens-per-minute limits, or throws 429 having counted nothing.
 */
export function takeRateLimit(
  keyId: string, limits: { rpm: number | null; tpm: number | null }, estimatedTokens: number, now = Date.now(),
): void {
  if (limits.rpm === null && limits.tpm === null) return;
  const s = stateOf(keyId, now);
  if (limits.rpm !== null) checkRequests(limits.rpm, s, now);
  if (limits.tpm !== null) checkTokens(limits.tpm, s, estimatedTokens, now);
  if (limits.rpm !== null) s.requests!.push(now);
  if (limits.tpm !== null) s.tokens!.add(estimatedTokens, now);
}

/** Counts tokens only (an orchestration sub-call, whose client call was counted as the request). */
export function takeTokenLimit(keyId: string, tpm: number | null, estimatedTokens: number, now = Date.now()): void {
  if (tpm === null) return;
  const s = stateOf(keyId, now);
  checkTokens(tpm, s, estimatedTokens, now);
  s.tokens!.add(estimatedTokens, now);
}

/**
 * Takes one of the key's concurrency slots (429 while all are in use) and gives it back once
 * the response has finished — exactly once, however it ended (error, stream cut, client gone).
 */
export function takeConcurrencySlot(key: Pick<KeyLimits, "keyId" | "concurrencyLimit">, res: Pick<LimitResponse, "after">, now = Date.now()): void {
  const limit = key.concurrencyLimit;
  if (limit === null) return;
  const s = stateOf(key.keyId, now);
  if (s.inFlight >= limit) throw concurrencyRefused(s.inFlight, limit);
  s.inFlight++;
  res.after(() => {
    s.inFlight--;
  });
}

/** The x-ratelimit-* headers of an admitted request: the key's windows as they now stand. */
export function setRateLimitHeaders(key: Pick<KeyLimits, "keyId" | "rpmLimit" | "tpmLimit">, res: Pick<LimitResponse, "setHeader">, now = Date.now()): void {
  if (key.rpmLimit === null && key.tpmLimit === null) return;
  const s = registry.keys.get(key.keyId);
  if (key.rpmLimit !== null && s?.requests) setRequestHeaders(res, key.rpmLimit, s.requests.count(now), s.requests.resetIn(now));
  if (key.tpmLimit !== null && s?.tokens) setTokenHeaders(res, key.tpmLimit, s.tokens.used(now), s.tokens.resetIn(now));
}

/**
 * Corrects a TPM count once the request's real tokens are known (input + actual output): more
 * than reserved counts now; less gives the difference back in the second the request started
 * (`startedAt`, epoch ms), so a correction never outlives the amount it corrects.
 */
export function settleTokens(keyId: string, reserved: number, actual: number, startedAt: number, now = Date.now()): void {
  // Shared counting: the correction goes where the count most likely went (Redis while it is
  // up). A request counted in process during an outage and settled after it corrects Redis
  // instead — at worst a minute's window off by one request's estimate, never below zero.
  if (actual !== reserved && redisUp()) {
    settleTokensInRedis(keyId, actual - reserved, actual > reserved ? now : startedAt);
    return;
  }
  const window = registry.keys.get(keyId)?.tokens;
  if (!window || actual === reserved) return;
  if (actual > reserved) window.add(actual - reserved, now);
  else window.add(actual - reserved, startedAt, now);
}

/** Counts a request in flight in this process until the response ends (limits shared through Redis count the slot there). */
export function countInFlight(keyId: string, res: Pick<LimitResponse, "after">, now = Date.now()): void {
  const s = stateOf(keyId, now);
  s.inFlight++;
  res.after(() => {
    s.inFlight--;
  });
}

/** Requests this key has in flight in this process (tests, metrics). */
export function inFlightOf(keyId: string): number {
  return registry.keys.get(keyId)?.inFlight ?? 0;
}

/** Forgets every key's windows (tests). */
export function resetRateLimitsForTests(): void {
  registry.keys.clear();
  registry.pruneAt = PRUNE_MIN;
}
