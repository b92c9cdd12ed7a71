// Canonical chat results → the OpenAI Responses API `response` object (non-streaming, and
// the snapshots the stream's lifecycle events carry). `output_text` is not part of the wire
// object: the OpenAI SDKs compute it from `output`.
import type { CanonicalResponse, FinishReason, Usage } from "@/lib/providers/types";
import type {
  FunctionCallItem, ItemStatus, MessageItem, OutputItem, ResponseEcho, ResponseObject, ResponseStatus, ResponseUsage,
} from "./echo";

/** Ids of one response and its items, derived from the request id (`req_<hex>`). */
export type ResponseIds = { response: string; item(index: number, kind: "msg" | "fc"): string; createdAt: number };

export function responseIds(requestId: string, createdAt = Math.floor(Date.now() / 1000)): ResponseIds {
  const hex = requestId.startsWith("req_") ? requestId.slice(4) : requestId;
  return { response: `resp_${hex}`, item: (index, kind) => `${kind}_${hex}${index.toString(16).padStart(4, "0")}`, createdAt };
}

export function toResponseUsage(u: Usage): ResponseUsage {
  return {
    input_tokens: u.prompt_tokens,
    input_tokens_details: { cached_tokens: u.cached_tokens ?? 0 },
    output_tokens: u.completion_tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: u.total_tokens,
  };
}

/** A finish reason as the Responses API says it: status and, when cut short, why. */
export function statusOf(finish: FinishReason): { status: ResponseStatus; incomplete: ResponseObject["incomplete_details"] } {
  if (finish === "length") return { status: "incomplete", incomplete: { reason: "max_output_tokens" } };
  if (finish === "content_filter") return { status: "incomplete", incomplete: { reason: "content_filter" } };
  return { status: "completed", incomplete: null };
}

export function messageItem(id: string, text: string, status: ItemStatus): MessageItem {
  return { id, type: "message", status, role: "assistant", content: [{ type: "output_text", text, annotations: [], logprobs: [] }] };
}

export function functionCallItem(id: string, callId: string, name: string, args: string, status: ItemStatus): FunctionCallItem {
  return { id, type: "function_call", status, call_id: callId, name, arguments: args };
}

export function responseObject(
  ids: ResponseIds, model: string, echo: ResponseEcho,
  state: { status: ResponseStatus; output: OutputItem[]; usage: Usage | null; incomplete?: ResponseObject["incomplete_details"];
    error?: ResponseObject["error"] },
): ResponseObject {
  return {
    id: ids.response,
    object: "response",
    created_at: ids.createdAt,
    status: state.status,
    background: false,
    error: state.error ?? null,
    incomplete_details: state.incomplete ?? null,
    model,
    output: state.output,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: "default",
    store: false,
    truncation: "disabled",
    usage: state.usage ? toResponseUsage(state.usage) : null,
    ...echo,
  };
}

/** The whole answer: a message item (when there is text, or nothing else), then one item per call. */
export function toResponseObject(res: CanonicalResponse, modelId: string, usage: Usage, ids: ResponseIds, echo: ResponseEcho): ResponseObject {
  const { status, incomplete } = statusOf(res.finish_reason);
  const itemStatus: ItemStatus = status === "completed" ? "completed" : "incomplete";
  const output: OutputItem[] = [];
  const calls = res.message.tool_calls ?? [];
  if (res.message.content || calls.length === 0) output.push(messageItem(ids.item(0, "msg"), res.message.content ?? "", itemStatus));
  for (const call of calls) {
    output.push(functionCallItem(ids.item(output.length, "fc"), call.id, call.function.name, call.function.arguments, "completed"));
  }
  return responseObject(ids, modelId, echo, { status, output, usage, incomplete });
}
