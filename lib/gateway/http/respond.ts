// Writing JSON and errors. Errors are OpenAI-shaped unless the route speaks Anthropic.
import { AppError, isAppError } from "@/lib/errors";
import { toJsonText } from "@/lib/json-text";
import { logger } from "@/lib/observability/logger";
import { anthropicError } from "@/lib/gateway/formats/anthropic/errors";
import { openAIErrorBody } from "@/lib/gateway/formats/openai/errors";
import { ClientClosedError, type ApiRequest, type ApiResponse, type ErrorDialect } from "@/lib/gateway/http/types";

/** Answers with `body` as JSON; returns the text written. */
export function sendJson(res: ApiResponse, status: number, body: unknown): string {
  const text = toJsonText(body);
  res.setHeader("content-type", "application/json");
  res.writeHead(status);
  res.end(text);
  return text;
}

export function errorBody(err: AppError, dialect: ErrorDialect): unknown {
  if (dialect === "anthropic") return anthropicError(err.status, err.message).body;
  return openAIErrorBody(err);
}

/** The error a client is answered for `err`: itself, or a generic 500 for anything but an AppError. */
export function answeredError(err: unknown): AppError {
  return isAppError(err) ? err : new AppError("internal_error", "Internal server error. Please retry.");
}

/** Answers with the error; unknown errors become a generic 500 and are logged, never leaked. */
export function sendError(req: ApiRequest, res: ApiResponse, err: unknown, dialect: ErrorDialect): void {
  if (err instanceof ClientClosedError) {
    // Not a failure of ours, and nobody to answer: 499 (nginx's "client closed request")
    // for whatever access log sees the response object.
    logger().info({ requestId: req.requestId }, "client closed the request before sending its body");
    if (!res.headersSent) res.writeHead(499);
    res.end();
    return;
  }
  const appErr = answeredError(err);
  if (!isAppError(err)) {
    logger().error({ requestId: req.requestId, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) },
      "unhandled api error");
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [k, v] of Object.entries(appErr.headers)) res.setHeader(k, v);
  sendJson(res, appErr.status, errorBody(appErr, dialect));
}
