// OpenAI Chat Completions response → CanonicalResponse.
import { nowSeconds } from "../shared/content";
import { fallbackId } from "../shared/ids";
import { shapeError } from "../shared/validation";
import type { CanonicalResponse, ToolCall, Usage } from "../types";
import { mapOpenAIFinishReason } from "./finish-reason";
import { openAIResponseSchema, type OpenAIResponse, type OpenAIUsage } from "./schemas";
import { isOpenAIResponse } from "./fast-path/shape";
import { trickOn } from "@/lib/perf-tricks";

const SHAPE_ON = trickOn("shape");

export function mapOpenAIUsage(u: OpenAIUsage): Usage {
  const usage: Usage = {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.total_tokens ?? u.prompt_tokens + u.completion_tokens,
  };
  const cached = u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens;
  if (cached != null) usage.cached_tokens = cached;
  const written = u.prompt_tokens_details?.cache_write_tokens;
  if (written != null) usage.cache_write_tokens = written;
  return usage;
}

export function argumentsToString(args: string | Record<string, unknown> | null | undefined): string {
  if (args == null) return "";
  return typeof args === "string" ? args : JSON.stringify(args);
}

export function toCanonicalResponse(json: unknown, label: string, requestModel: string): CanonicalResponse {
  const r = readResponse(json, label);
  const choice = r.choices.find((c) => (c.index ?? 0) === 0) ?? r.choices[0]!;
  const msg = choice.message;
  // `refusal` has no canonical field: surface it as the content so the user sees it.
  const content = msg.content ?? msg.refusal ?? null;
  const message: CanonicalResponse["message"] = { role: "assistant", content };
  if (msg.tool_calls && msg.tool_calls.length > 0) {
    message.tool_calls = msg.tool_calls.map(
      (tc): ToolCall => ({
        id: tc.id,
        type: "function",
        function: { name: tc.function.name, arguments: argumentsToString(tc.function.arguments) },
      }),
    );
  }
  let finish = mapOpenAIFinishReason(choice.finish_reason);
  // Some servers (Ollama, older vLLM) say "stop" after tool calls; clients loop on "tool_calls".
  if (finish === "stop" && message.tool_calls) finish = "tool_calls";
  const response: CanonicalResponse = {
    id: r.id ?? fallbackId("chatcmpl"),
    created: r.created ?? nowSeconds(),
    model: r.model ?? requestModel,
    message,
    finish_reason: finish,
  };
  if (r.usage) response.usage = mapOpenAIUsage(r.usage);
  return response;
}

/** The fast check accepts the usual answer; zod judges the rest and words the error. */
function readResponse(json: unknown, label: string): OpenAIResponse {
  if (SHAPE_ON && isOpenAIResponse(json)) return json;
  const parsed = openAIResponseSchema.safeParse(json);
  if (!parsed.success) throw shapeError(label, parsed.error);
  return parsed.data;
}
