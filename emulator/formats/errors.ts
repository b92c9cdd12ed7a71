/** Error bodies exactly as each provider shapes them. */
export type WireFormat = "openai" | "anthropic" | "gemini";

export type ErrorReply = { status: number; body: unknown; headers?: Record<string, string> };

function openaiType(status: number): string {
  if (status === 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

function openaiCode(status: number): string | null {
  if (status === 401) return "invalid_api_key";
  if (status === 429) return "rate_limit_exceeded";
  return null;
}

export function openaiError(
  status: number,
  message: string,
  opts: { type?: string; code?: string | null; param?: string | null } = {},
): ErrorReply {
  return {
    status,
    body: {
      error: {
        message,
        type: opts.type ?? openaiType(status),
        param: opts.param ?? null,
        code: opts.code === undefined ? openaiCode(status) : opts.code,
      },
    },
  };
}

const ANTHROPIC_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

let anthropicRequestSeq = 0;

export function anthropicError(status: number, message: string, type?: string): ErrorReply {
  const requestId = `req_emu_${(++anthropicRequestSeq).toString().padStart(10, "0")}`;
  return {
    status,
    headers: { "request-id": requestId },
    body: {
      type: "error",
      error: { type: type ?? ANTHROPIC_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"), message },
      request_id: requestId,
    },
  };
}

const GEMINI_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  413: "INVALID_ARGUMENT",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "NOT_IMPLEMENTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export function geminiError(status: number, message: string): ErrorReply {
  const fallback = status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
  return { status, body: { error: { code: status, message, status: GEMINI_STATUS[status] ?? fallback } } };
}

export function formatError(format: WireFormat, status: number, message: string): ErrorReply {
  if (format === "anthropic") return anthropicError(status, message);
  if (format === "gemini") return geminiError(status, message);
  return openaiError(status, message);
}

/** What a provider says when the simulated failure `status` fires. */
export function failureMessage(format: WireFormat, status: number): string {
  if (status === 429) {
    return format === "anthropic"
      ? "Number of request tokens has exceeded your per-minute rate limit (simulated)."
      : format === "gemini"
        ? "Resource has been exhausted (e.g. check quota). (simulated)"
        : "Rate limit reached for requests (simulated).";
  }
  if (status === 529) return "Overloaded (simulated).";
  if (status === 503) {
    return format === "gemini"
      ? "The model is overloaded. Please try again later. (simulated)"
      : "The server is overloaded or not ready yet. (simulated)";
  }
  if (status >= 500) return "The server had an error while processing your request. (simulated)";
  return `Simulated upstream error ${status}.`;
}
