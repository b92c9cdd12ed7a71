// Gemini generateContent response → CanonicalResponse, plus the usage and part helpers the
// stream mapper shares.
import { invalidResponse } from "../http/errors";
import { nowSeconds } from "../shared/content";
import { fallbackId } from "../shared/ids";
import { shapeError } from "../shared/validation";
import type { CanonicalResponse, ToolCall, Usage } from "../types";
import { mapGeminiFinishReason } from "./finish-reason";
import { geminiResponseSchema, type GeminiPart, type GeminiUsage } from "./schemas";
import { rememberThoughtSignature } from "./thought-signatures";

/** thoughtsTokenCount is billed as output; toolUsePromptTokenCount as input. */
export function mapGeminiUsage(u: GeminiUsage | null | undefined): Usage | undefined {
  if (!u || (u.promptTokenCount == null && u.candidatesTokenCount == null)) return undefined;
  const prompt = (u.promptTokenCount ?? 0) + (u.toolUsePromptTokenCount ?? 0);
  const completion = (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (u.cachedContentTokenCount != null) usage.cached_tokens = u.cachedContentTokenCount;
  return usage;
}

/**
 * Gemini function calls carry no id (except on some Vertex/Live paths, used when present).
 * Ours are `call_<responseId>_<n>`: stable for the whole answer, streamed or not.
 */
export function geminiToolCallId(responseKey: string, ordinal: number, part: GeminiPart): string {
  const id = part.functionCall?.id ?? `call_${responseKey}_${ordinal}`;
  if (part.thoughtSignature) rememberThoughtSignature(id, part.thoughtSignature);
  return id;
}

export function responseKeyOf(responseId: string | null | undefined): string {
  return responseId ?? fallbackId("gm");
}

export function toCanonicalGeminiResponse(json: unknown, label: string, requestModel: string): CanonicalResponse {
  const parsed = geminiResponseSchema.safeParse(json);
  if (!parsed.success) throw shapeError(label, parsed.error);
  const r = parsed.data;
  const key = responseKeyOf(r.responseId);
  const base = {
    id: r.responseId ?? key,
    created: nowSeconds(),
    model: r.modelVersion ?? requestModel,
    usage: mapGeminiUsage(r.usageMetadata),
  };
  const candidate = r.candidates?.[0];
  if (!candidate) {
    if (r.promptFeedback?.blockReason) {
      return withUsage(Object.assign({}, base, { message: { role: "assistant" as const, content: null }, finish_reason: "content_filter" as const }));
    }
    throw invalidResponse(label, "no candidates");
  }
  let text: string | null = null;
  const toolCalls: ToolCall[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.thought) continue;
    if (part.text !== undefined) text = (text ?? "") + part.text;
    const call = part.functionCall;
    if (call?.name) {
      toolCalls.push({
        id: geminiToolCallId(key, toolCalls.length, part),
        type: "function",
        function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
      });
    }
  }
  let finish = mapGeminiFinishReason(candidate.finishReason);
  if (finish === "stop" && toolCalls.length > 0) finish = "tool_calls";
  const message: CanonicalResponse["message"] = { role: "assistant", content: text };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return withUsage(Object.assign({}, base, { message, finish_reason: finish }));
}

function withUsage(r: Omit<CanonicalResponse, "usage"> & { usage: Usage | undefined }): CanonicalResponse {
  if (r.usage === undefined) delete (r as { usage?: Usage }).usage;
  return r;
}
