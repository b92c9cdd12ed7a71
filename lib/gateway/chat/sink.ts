// How a chat result is written back in the client's wire format. One implementation per
// ingress format (OpenAI chat.completions, Anthropic messages); the pipeline is shared.
import type { AppError } from "@/lib/errors";
import type { ApiResponse } from "@/lib/gateway/http/types";
import type { CanonicalChunk, CanonicalResponse, FinishReason, Usage } from "@/lib/providers/types";

/**
 * A whole answer as the client got it: the OpenAI chat.completion document the log stores
 * (streamed-answer.ts's responseDocument) and the JSON text written, which the log reuses.
 */
export type SentAnswer = { readonly document: unknown; readonly text: string };

export interface ChatSink {
  /** Non-streaming: the whole answer; the sent document when it is the one the log stores, else null. */
  complete(response: CanonicalResponse, modelId: string, usage: Usage): SentAnswer | null;
  /** Streaming: status, headers and the stream preamble. */
  /** `prompt.exact()` only if the format needs the count up front (it may load the tokenizer). */
  open(modelId: string, messageId: string, created: number, prompt: { exact(): number }): void;
  chunk(chunk: CanonicalChunk): void;
  /** Streaming, normal end. */
  close(usage: Usage, finish: FinishReason | null): void;
  /** Streaming, failure after the first byte: an in-stream error event, then end. */
  fail(error: AppError): void;
}

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

const SSE_HEADER_ENTRIES = Object.entries(SSE_HEADERS);

/** Status and headers of an event stream (entries listed once, not per response). */
export function writeSseHead(res: ApiResponse): void {
  for (const [k, v] of SSE_HEADER_ENTRIES) res.setHeader(k, v);
  res.writeHead(200);
}

/** True when a chunk carries something the client should see. */
export function hasPayload(c: CanonicalChunk): boolean {
  const d = c.delta;
  return Boolean(d.content || d.tool_calls?.length || d.role || c.finish_reason);
}
