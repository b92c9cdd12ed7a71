// The 429s of the per-key limits and the x-ratelimit-* header values, one wording for both
// ways of counting (in process: rate-limiter.ts; shared through Redis: shared-limits.ts).
import { AppError } from "@/lib/errors";

export const WINDOW_MS = 60_000;

/** OpenAI's style for x-ratelimit-reset-*: "250ms", "7.5s". */
export function formatReset(ms: number): string {
  return ms < 1000 ? `${Math.ceil(ms)}ms` : `${Math.round(ms / 10) / 100}s`;
}

const seconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));

function refuse(message: string, retryMs: number, headers: Record<string, string>): AppError {
  return new AppError("rate_limit_exceeded", message, null, { "retry-after": seconds(retryMs), ...headers });
}

export function requestsRefused(rpm: number, waitMs: number, resetMs: number): AppError {
  return refuse(`Rate limit reached: ${rpm} requests per minute for this key. Retry in ${seconds(waitMs)} s.`, waitMs, {
    "x-ratelimit-limit-requests": String(rpm), "x-ratelimit-remaining-requests": "0",
    "x-ratelimit-reset-requests": formatReset(resetMs),
  });
}

/** `waitMs` Infinity: the request alone counts more tokens than the limit. */
export function tokensRefused(tpm: number, tokens: number, used: number, waitMs: number, resetMs: number): AppError {
  const headers = {
    "x-ratelimit-limit-tokens": String(tpm), "x-ratelimit-remaining-tokens": String(Math.max(0, tpm - used)),
    "x-ratelimit-reset-tokens": formatReset(resetMs),
  };
  if (waitMs === Infinity) {
    return refuse(`Request too large: it counts ${tokens} tokens (prompt + max_tokens) against this key's limit of ${tpm} tokens per minute. ` +
      "Lower max_tokens or shorten the prompt.", WINDOW_MS, headers);
  }
  return refuse(`Rate limit reached: ${tpm} tokens per minute for this key. Retry in ${seconds(waitMs)} s.`, waitMs, headers);
}

export function concurrencyRefused(inFlight: number, limit: number): AppError {
  return refuse(`Concurrency limit reached: this key already has ${inFlight} requests in flight (limit ${limit}). ` +
    "Retry when one finishes.", 1_000, {});
}

type HeaderSink = { setHeader(name: string, value: string): void };

export function setRequestHeaders(res: HeaderSink, rpm: number, count: number, resetMs: number): void {
  res.setHeader("x-ratelimit-limit-requests", String(rpm));
  res.setHeader("x-ratelimit-remaining-requests", String(Math.max(0, rpm - count)));
  res.setHeader("x-ratelimit-reset-requests", formatReset(resetMs));
}

export function setTokenHeaders(res: HeaderSink, tpm: number, used: number, resetMs: number): void {
  res.setHeader("x-ratelimit-limit-tokens", String(tpm));
  res.setHeader("x-ratelimit-remaining-tokens", String(Math.max(0, tpm - used)));
  res.setHeader("x-ratelimit-reset-tokens", formatReset(resetMs));
}
