// Per-key requests-per-minute and tokens-per-minute limits, in process (a fixed one-minute
// window per key: O(1) per request). REDIS_URL-backed sharing across instances is a later step.
import { AppError } from "@/lib/errors";
import { processSingleton } from "@/lib/shared-state";

type Window = { start: number; requests: number; tokens: number };

const WINDOW_MS = 60_000;
const windows = processSingleton("rateWindows", () => new Map<string, Window>());

function windowFor(keyId: string, now: number): Window {
  let w = windows.get(keyId);
  if (!w || now - w.start >= WINDOW_MS) {
    w = { start: now - (now % WINDOW_MS), requests: 0, tokens: 0 };
    windows.set(keyId, w);
  }
  return w;
}

function limited(limit: number, used: number, w: Window, now: number, what: string): AppError {
  const retryAfter = Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
  return new AppError("rate_limit_exceeded", `Rate limit reached: ${limit} ${what} per minute for this key. Retry in ${retryAfter} s.`, null, {
    "retry-after": String(retryAfter),
    "x-ratelimit-limit-requests": String(limit),
    "x-ratelimit-remaining-requests": String(Math.max(0, limit - used)),
    "x-ratelimit-reset-requests": `${retryAfter}s`,
  });
}

/** Counts one request (with its estimated tokens) against the key's limits, or throws 429. */
export function takeRateLimit(
  keyId: string, limits: { rpm: number | null; tpm: number | null }, estimatedTokens: number, now = Date.now(),
): void {
  if (limits.rpm === null && limits.tpm === null) return;
  const w = windowFor(keyId, now);
  if (limits.rpm !== null && w.requests + 1 > limits.rpm) throw limited(limits.rpm, w.requests, w, now, "requests");
  if (limits.tpm !== null && w.tokens + estimatedTokens > limits.tpm) throw limited(limits.tpm, w.tokens, w, now, "tokens");
  w.requests += 1;
  w.tokens += estimatedTokens;
}
