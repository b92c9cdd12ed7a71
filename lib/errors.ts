// One error family for the whole app. `code` decides the HTTP status and the OpenAI-style
// error type; `message` is always safe to show to the client (never internal details).
export const errorCodes = {
  invalid_request: { status: 400, type: "invalid_request_error" },
  invalid_api_key: { status: 401, type: "authentication_error" },
  unauthorized: { status: 401, type: "authentication_error" },
  insufficient_credits: { status: 402, type: "insufficient_credits" },
  permission_denied: { status: 403, type: "permission_denied" },
  key_disabled: { status: 403, type: "permission_denied" },
  budget_exhausted: { status: 403, type: "permission_denied" },
  not_found: { status: 404, type: "not_found_error" },
  model_not_found: { status: 404, type: "invalid_request_error" },
  method_not_allowed: { status: 405, type: "invalid_request_error" },
  request_timeout: { status: 408, type: "invalid_request_error" },
  conflict: { status: 409, type: "invalid_request_error" },
  request_too_large: { status: 413, type: "invalid_request_error" },
  unsupported_media_type: { status: 415, type: "invalid_request_error" },
  rate_limit_exceeded: { status: 429, type: "rate_limit_error" },
  internal_error: { status: 500, type: "server_error" },
  upstream_error: { status: 502, type: "upstream_error" },
  service_unavailable: { status: 503, type: "upstream_error" },
  upstream_timeout: { status: 504, type: "upstream_error" },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param: string | null = null,
    /** Extra response headers, e.g. retry-after. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = errorCodes[code].status;
    this.type = errorCodes[code].type;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
