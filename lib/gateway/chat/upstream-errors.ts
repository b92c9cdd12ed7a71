// What the client sees when upstream attempts fail. Provider details that would leak our
// configuration (their 401/403) become a generic 502; request problems pass through as 400.
import { AppError } from "@/lib/errors";
import { UpstreamError } from "@/lib/providers/types";

export function toClientError(err: unknown, provider: string): AppError {
  if (err instanceof AppError) return err;
  if (!(err instanceof UpstreamError)) {
    return new AppError("upstream_error", `The upstream provider (${provider}) failed unexpectedly.`);
  }
  const s = err.status;
  if (err.kind === "timeout") return new AppError("upstream_timeout", `The upstream provider (${provider}) timed out.`);
  if (s === 429) {
    const retry = err.retryAfterMs ? String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))) : "1";
    return new AppError("rate_limit_exceeded", `The upstream provider (${provider}) is rate limiting requests. Retry shortly.`,
      null, { "retry-after": retry });
  }
  if (s === 401 || s === 403) {
    return new AppError("upstream_error", `The upstream provider (${provider}) refused the gateway's credentials.`);
  }
  if (s !== null && s >= 400 && s < 500 && !err.retryable) {
    return new AppError("invalid_request", `The upstream provider (${provider}) rejected the request: ${err.message}`);
  }
  if (s === 503) return new AppError("service_unavailable", `The upstream provider (${provider}) is unavailable.`);
  return new AppError("upstream_error", `The upstream provider (${provider}) returned an error: ${err.message}`);
}

/** Short class for logs and metrics. */
export function errorClassOf(err: unknown): string {
  if (err instanceof AppError) return err.code;
  if (err instanceof UpstreamError) return err.kind === "http" ? `upstream_${err.status ?? "error"}` : `upstream_${err.kind}`;
  return "internal";
}
