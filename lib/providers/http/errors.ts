// Building UpstreamErrors: HTTP status errors with a provider's own message, garbage
// (invalid_response), and `retry-after` parsing. Messages never carry the API key.
import type { IncomingHttpHeaders } from "node:http";
import { UpstreamError, isRetryableStatus } from "../types";

/** What a provider's error body parser extracts. */
export type ErrorDetail = {
  message?: string;
  /** Provider error type/code, e.g. `rate_limit_error`, `RESOURCE_EXHAUSTED`. */
  type?: string;
  /** A retry hint carried in the body (Gemini RetryInfo). */
  retryAfterMs?: number;
};

export type ErrorBodyParser = (body: unknown) => ErrorDetail | undefined;

const MAX_MESSAGE_CHARS = 500;

/** Status used for garbage from upstream (the gateway would answer 502 Bad Gateway). */
export const INVALID_RESPONSE_STATUS = 502;

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `retry-after-ms` (OpenAI, float ms) wins over `retry-after` (seconds or an HTTP date). */
export function parseRetryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const ms = headerValue(headers, "retry-after-ms");
  if (ms !== undefined) {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  }
  const ra = headerValue(headers, "retry-after");
  if (ra === undefined || ra.trim() === "") return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Google's duration strings: "34.4s" → 34400. */
export function parseDurationMs(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return m ? Math.ceil(Number(m[1]) * 1000) : undefined;
}

export function redactSecret(text: string, secret: string): string {
  let out = text;
  if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join("[redacted]");
  return out.length > MAX_MESSAGE_CHARS ? `${out.slice(0, MAX_MESSAGE_CHARS)}…` : out;
}

/** Parses an error body (JSON if possible) with the provider's parser. */
export function readErrorDetail(text: string, parse: ErrorBodyParser): ErrorDetail {
  if (text.trim() === "") return {};
  try {
    return parse(JSON.parse(text)) ?? { message: text };
  } catch {
    return { message: text };
  }
}

export function httpStatusError(
  label: string,
  status: number,
  detail: ErrorDetail,
  headers: IncomingHttpHeaders,
  apiKey: string,
): UpstreamError {
  const kind = detail.type ? ` ${detail.type}` : "";
  const text = detail.message ? `: ${redactSecret(detail.message, apiKey)}` : "";
  return new UpstreamError(
    `${label} returned ${status}${kind}${text}`,
    status,
    "http",
    isRetryableStatus(status),
    parseRetryAfterMs(headers) ?? detail.retryAfterMs,
  );
}

/** Garbage from upstream. Retryable only while nothing has reached the caller yet. */
export function invalidResponse(label: string, reason: string): UpstreamError {
  return new UpstreamError(
    `${label} sent an invalid response: ${reason}`,
    INVALID_RESPONSE_STATUS,
    "invalid_response",
    true,
  );
}

/** Maps a provider's in-band error type (stream error events) to an HTTP-like status. */
export function statusForErrorType(type: string | undefined): number {
  switch (type) {
    case "rate_limit_error":
    case "rate_limit_exceeded":
    case "RESOURCE_EXHAUSTED":
    case "tokens":
    case "requests":
      return 429;
    case "overloaded_error":
      return 529;
    case "invalid_request_error":
    case "INVALID_ARGUMENT":
    case "FAILED_PRECONDITION":
      return 400;
    case "authentication_error":
    case "UNAUTHENTICATED":
      return 401;
    case "permission_error":
    case "PERMISSION_DENIED":
      return 403;
    case "not_found_error":
    case "NOT_FOUND":
      return 404;
    case "timeout_error":
    case "DEADLINE_EXCEEDED":
      return 504;
    case "UNAVAILABLE":
      return 503;
    default:
      return 500;
  }
}

/** An error the provider reported inside a 200 stream (OpenAI `{"error":…}`, Anthropic `event: error`). */
export function inBandError(label: string, detail: ErrorDetail, apiKey: string): UpstreamError {
  const status = statusForErrorType(detail.type);
  const kind = detail.type ? ` ${detail.type}` : "";
  const text = detail.message ? `: ${redactSecret(detail.message, apiKey)}` : "";
  return new UpstreamError(
    `${label} stream error${kind}${text}`,
    status,
    "http",
    isRetryableStatus(status),
    detail.retryAfterMs,
  );
}

/** Same error, but never retryable: output already reached the caller. */
export function notRetryable(err: UpstreamError): UpstreamError {
  if (!err.retryable) return err;
  return new UpstreamError(err.message, err.status, err.kind, false, err.retryAfterMs);
}
