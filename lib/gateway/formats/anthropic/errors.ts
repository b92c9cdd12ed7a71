// Anthropic-shaped errors: `{ type: "error", error: { type, message } }`, with the type the
// official SDK and Anthropic's docs use for each HTTP status.
//
// 402: Anthropic's documented error list and the installed SDK's `ErrorType` include
// `billing_error` ("an issue with your billing or payment"), so insufficient credits use it.
// 503 (no provider available) maps to `overloaded_error`, the type Anthropic clients already
// treat as "try again later"; 504 maps to `timeout_error`.
export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "billing_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

export type AnthropicErrorBody = { type: "error"; error: { type: AnthropicErrorType; message: string } };
export type AnthropicErrorReply = { status: number; body: AnthropicErrorBody };

export function anthropicErrorType(status: number): AnthropicErrorType {
  switch (status) {
    case 401:
      return "authentication_error";
    case 402:
      return "billing_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 503:
    case 529:
      return "overloaded_error";
    case 408:
    case 504:
      return "timeout_error";
    default:
      return status >= 500 ? "api_error" : "invalid_request_error";
  }
}

export function anthropicError(status: number, message: string): AnthropicErrorReply {
  return { status, body: { type: "error", error: { type: anthropicErrorType(status), message } } };
}

/** An `error` SSE event, for failures after the first byte of a stream. */
export function serializeAnthropicStreamError(message: string, type: AnthropicErrorType = "api_error"): string {
  return `event: error\ndata: ${JSON.stringify({ type: "error", error: { type, message } })}\n\n`;
}
