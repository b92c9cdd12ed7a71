// OpenAI-shaped error bodies: `{ error: { message, type, param, code } }`. Status, type and
// code come from the AppError table in lib/errors.ts (the one status table). The official
// SDKs pick their exception class from the HTTP status and expose `code`, `param` and `type`
// from this body.
import type { AppError } from "@/lib/errors";

export type OpenAIErrorObject = { message: string; type: string; param: string | null; code: string | null };
export type OpenAIErrorBody = { error: OpenAIErrorObject };

/** The JSON body for an AppError; its status goes on the response line. */
export function openAIErrorBody(err: AppError): OpenAIErrorBody {
  return { error: { message: err.message, type: err.type, param: err.param, code: err.code } };
}

/**
 * A failure after the first byte was streamed: the status line is gone, so the error
 * travels as an SSE event. The OpenAI SDKs throw an APIError when they read it.
 */
export function serializeStreamError(error: OpenAIErrorObject): string {
  return `data: ${JSON.stringify({ error })}\n\n`;
}
