// Canonical response → Anthropic `message` JSON.
import type { CanonicalResponse, FinishReason, ToolCall, Usage } from "@/lib/providers/types";

export type AnthropicStopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal";

export type AnthropicUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
};

export type AnthropicContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

export type AnthropicMessage = {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: string | null;
  usage: AnthropicUsage;
};

/** Anthropic upstream ids (`msg_...`) are kept; others get the `msg_` prefix clients expect. */
export function toAnthropicMessageId(id: string): string {
  if (id.startsWith("msg_")) return id;
  return `msg_${id.startsWith("chatcmpl-") ? id.slice("chatcmpl-".length) : id}`;
}

export function toAnthropicStopReason(finish: FinishReason, stopSequence?: string | null): AnthropicStopReason {
  switch (finish) {
    case "length":
      return "max_tokens";
    case "tool_calls":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return stopSequence ? "stop_sequence" : "end_turn";
  }
}

/**
 * Canonical prompt_tokens counts every prompt token (OpenAI semantics); Anthropic's
 * input_tokens counts only those neither read from nor written to the cache.
 */
export function toAnthropicUsage(usage: Usage): AnthropicUsage {
  const cacheRead = usage.cached_tokens ?? 0;
  const cacheWrite = usage.cache_write_tokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.prompt_tokens - cacheRead - cacheWrite),
    output_tokens: usage.completion_tokens,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheWrite,
  };
}

/** Tool arguments are a JSON string upstream; Anthropic wants the object. Garbage → `{}`. */
export function parseToolInput(args: string): Record<string, unknown> {
  if (args.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(args);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toolUseBlock(call: ToolCall): AnthropicContentBlock {
  return { type: "tool_use", id: call.id, name: call.function.name, input: parseToolInput(call.function.arguments) };
}

/**
 * `modelId` is the Switchyard model id shown to the client. The canonical finish reason does
 * not say which stop sequence matched; pass `stopSequence` when the caller knows it.
 */
export function toAnthropicMessage(
  res: CanonicalResponse,
  modelId: string,
  opts: { usage?: Usage; stopSequence?: string | null } = {},
): AnthropicMessage {
  const content: AnthropicContentBlock[] = [];
  if (res.message.content) content.push({ type: "text", text: res.message.content });
  for (const call of res.message.tool_calls ?? []) content.push(toolUseBlock(call));
  const usage = opts.usage ?? res.usage;
  const stopReason = toAnthropicStopReason(res.finish_reason, opts.stopSequence);
  return {
    id: toAnthropicMessageId(res.id),
    type: "message",
    role: "assistant",
    model: modelId,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === "stop_sequence" ? (opts.stopSequence ?? null) : null,
    usage: usage
      ? toAnthropicUsage(usage)
      : { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  };
}
