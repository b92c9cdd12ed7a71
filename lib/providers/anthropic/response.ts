// Anthropic Messages response → CanonicalResponse.
import { invalidResponse } from "../http/errors";
import { nowSeconds } from "../shared/content";
import { shapeError } from "../shared/validation";
import type { CanonicalResponse, ToolCall, Usage } from "../types";
import { mapAnthropicStopReason } from "./finish-reason";
import { anthropicResponseSchema, type AnthropicUsage } from "./schemas";

/**
 * Anthropic's input_tokens excludes cache reads and writes; the canonical prompt_tokens
 * includes both (like OpenAI's), with the cached/written parts split out for billing.
 */
export function mapAnthropicUsage(u: AnthropicUsage): Usage {
  const read = u.cache_read_input_tokens ?? 0;
  const written = u.cache_creation_input_tokens ?? 0;
  const prompt = (u.input_tokens ?? 0) + read + written;
  const completion = u.output_tokens ?? 0;
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (u.cache_read_input_tokens != null) usage.cached_tokens = read;
  if (u.cache_creation_input_tokens != null) usage.cache_write_tokens = written;
  return usage;
}

export function toCanonicalAnthropicResponse(
  json: unknown,
  label: string,
  requestModel: string,
  jsonToolName: string | null,
): CanonicalResponse {
  const parsed = anthropicResponseSchema.safeParse(json);
  if (!parsed.success) throw shapeError(label, parsed.error);
  const r = parsed.data;
  let text: string | null = null;
  const toolCalls: ToolCall[] = [];
  for (const block of r.content) {
    if (block.type === "text") {
      if (block.text === undefined) throw invalidResponse(label, "text block without text");
      text = (text ?? "") + block.text;
    } else if (block.type === "tool_use") {
      if (!block.id || !block.name) throw invalidResponse(label, "tool_use block without id/name");
      const args = JSON.stringify(block.input ?? {});
      if (block.name === jsonToolName) text = (text ?? "") + args;
      else toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: args } });
    }
    // thinking, redacted_thinking and server-tool blocks have no canonical form: skipped.
  }
  let finish = mapAnthropicStopReason(r.stop_reason);
  if (finish === "tool_calls" && toolCalls.length === 0) finish = "stop"; // the JSON-mode tool
  const message: CanonicalResponse["message"] = { role: "assistant", content: text };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const response: CanonicalResponse = {
    id: r.id,
    created: nowSeconds(),
    model: r.model ?? requestModel,
    message,
    finish_reason: finish,
  };
  if (r.usage) response.usage = mapAnthropicUsage(r.usage);
  return response;
}
