// OpenAI-shaped error bodies: `{ error: { message, type, param, code } }`. The type/code per
// status follows lib/errors.ts (the app's AppError table), so an AppError maps 1:1 here.
// The official SDKs pick their exception class from the HTTP status and expose `code`,
// `param` and `type` from this body.
import type { FormatError } from "../types";

export type OpenAIErrorObject = { message: string; type: string; param: string | null; code: string | null };
export type OpenAIErrorBody = { error: OpenAIErrorObject };
/** A status and body ready to send; headers such as `retry-after` are the caller's job. */
export type OpenAIErrorReply = { status: number; body: OpenAIErrorBody };

type Defaults = { type: string; code: string | null; message: string };

const BY_STATUS: Record<number, Defaults> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request." },
  401: { type: "authentication_error", code: "invalid_api_key", message: "Invalid API key. Send it as 'Authorization: Bearer sk-sy-...'." },
  402: { type: "insufficient_credits", code: "insufficient_credits", message: "Insufficient credits. Buy more credits to continue." },
  403: { type: "permission_denied", code: "permission_denied", message: "This API key is not allowed to make this request." },
  404: { type: "not_found_error", code: "not_found", message: "Not found." },
  405: { type: "invalid_request_error", code: "method_not_allowed", message: "Method not allowed." },
  408: { type: "server_error", code: "timeout", message: "The request timed out." },
  409: { type: "invalid_request_error", code: "conflict", message: "Conflict." },
  413: { type: "invalid_request_error", code: "request_too_large", message: "Request body too large." },
  415: { type: "invalid_request_error", code: "unsupported_media_type", message: "Content-Type must be application/json." },
  429: { type: "rate_limit_error", code: "rate_limit_exceeded", message: "Rate limit exceeded. Retry after the time given in 'retry-after'." },
  500: { type: "server_error", code: "internal_error", message: "Internal server error." },
  502: { type: "upstream_error", code: "upstream_error", message: "All upstream providers failed." },
  503: { type: "upstream_error", code: "service_unavailable", message: "No provider is available for this model right now." },
  504: { type: "upstream_error", code: "upstream_timeout", message: "The upstream provider timed out." },
};

function defaultsFor(status: number): Defaults {
  return BY_STATUS[status] ?? (status >= 500 ? BY_STATUS[500] : BY_STATUS[400]);
}

/** The body for any status, with the conventional type/code unless overridden. */
export function openAIError(
  status: number,
  message?: string,
  opts: { param?: string | null; code?: string | null; type?: string } = {},
): OpenAIErrorReply {
  const d = defaultsFor(status);
  return {
    status,
    body: {
      error: {
        message: message ?? d.message,
        type: opts.type ?? d.type,
        param: opts.param ?? null,
        code: opts.code !== undefined ? opts.code : d.code,
      },
    },
  };
}

/** 400 from a parser's FormatError (keeps its param and code). */
export function invalidRequest(error: FormatError): OpenAIErrorReply {
  return openAIError(400, error.message, { param: error.param, code: error.code });
}

export const invalidApiKey = (message?: string): OpenAIErrorReply => openAIError(401, message);
export const insufficientCredits = (message?: string): OpenAIErrorReply => openAIError(402, message);
/** 403: key disabled, budget exhausted, model not allowed for this key... */
export const permissionDenied = (message?: string, code = "permission_denied"): OpenAIErrorReply =>
  openAIError(403, message, { code });
export const notFound = (message?: string): OpenAIErrorReply => openAIError(404, message);
export const methodNotAllowed = (method: string): OpenAIErrorReply =>
  openAIError(405, `Method ${method} is not allowed on this endpoint.`);
export const requestTooLarge = (limitBytes: number): OpenAIErrorReply =>
  openAIError(413, `Request body too large: the limit is ${limitBytes} bytes.`);
export const rateLimited = (message?: string): OpenAIErrorReply => openAIError(429, message);
export const internalError = (): OpenAIErrorReply => openAIError(500);

/** 404 for an unknown model, worded like OpenAI so existing client handling matches. */
export function modelNotFound(model: string): OpenAIErrorReply {
  return openAIError(404, `The model '${model}' does not exist or you do not have access to it.`, {
    type: "invalid_request_error",
    code: "model_not_found",
    param: "model",
  });
}

/** 502/503/504 after every attempt failed; `message` must already be safe to show. */
export function upstreamFailure(status: 502 | 503 | 504, message?: string): OpenAIErrorReply {
  return openAIError(status, message);
}

/**
 * A failure after the first byte was streamed: the status line is gone, so the error
 * travels as an SSE event. The OpenAI SDKs throw an APIError when they read it.
 */
export function serializeStreamError(error: OpenAIErrorObject | OpenAIErrorReply): string {
  const obj = "body" in error ? error.body.error : error;
  return `data: ${JSON.stringify({ error: obj })}\n\n`;
}
