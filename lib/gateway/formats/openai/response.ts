// Canonical response/chunks → OpenAI `chat.completion` JSON and `chat.completion.chunk` SSE.
// serializeChunk runs once per streamed token, so it writes the JSON by hand around the one
// dynamic part (the delta) instead of stringifying a fresh wrapper object every time.
import type { CanonicalChunk, CanonicalResponse, FinishReason, ToolCall, Usage } from "@/lib/providers/types";

export const SSE_DONE = "data: [DONE]\n\n";

export type ChatCompletionUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
};

export type ChatCompletion = {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: [
    {
      index: 0;
      message: { role: "assistant"; content: string | null; refusal: null; tool_calls?: ToolCall[] };
      logprobs: null;
      finish_reason: FinishReason;
    },
  ];
  usage?: ChatCompletionUsage;
};

/** Upstream ids are kept; only the `chatcmpl-` prefix OpenAI clients expect is ensured. */
export function toChatCompletionId(id: string): string {
  return id.startsWith("chatcmpl-") ? id : `chatcmpl-${id}`;
}

export function toOpenAIUsage(usage: Usage): ChatCompletionUsage {
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.total_tokens,
    prompt_tokens_details: { cached_tokens: usage.cached_tokens ?? 0 },
  };
}

/**
 * `modelId` is the Switchyard model id shown to the client (e.g. `openai/gpt-4.1-mini`),
 * not the provider's name. `usage` defaults to the provider's; pass the gateway's estimate
 * when the provider reported none.
 */
export function toChatCompletion(
  res: CanonicalResponse,
  modelId: string,
  usage: Usage | undefined = res.usage,
): ChatCompletion {
  const message: ChatCompletion["choices"][0]["message"] = {
    role: "assistant",
    content: res.message.content,
    refusal: null,
  };
  if (res.message.tool_calls && res.message.tool_calls.length > 0) message.tool_calls = res.message.tool_calls;
  const out: ChatCompletion = {
    id: toChatCompletionId(res.id),
    object: "chat.completion",
    created: res.created,
    model: modelId,
    choices: [{ index: 0, message, logprobs: null, finish_reason: res.finish_reason }],
  };
  if (usage) out.usage = toOpenAIUsage(usage);
  return out;
}

// One-entry cache of the per-stream JSON prefix. JS is single-threaded and the key is
// checked in full, so interleaved streams only cost a cache miss, never a wrong id.
let prefixKeyId = "";
let prefixKeyCreated = Number.NaN;
let prefixKeyModel = "";
let prefix = "";

function chunkPrefix(id: string, created: number, modelId: string): string {
  if (id !== prefixKeyId || created !== prefixKeyCreated || modelId !== prefixKeyModel) {
    prefix =
      `data: {"id":${JSON.stringify(toChatCompletionId(id))},"object":"chat.completion.chunk",` +
      `"created":${created},"model":${JSON.stringify(modelId)},"choices":`;
    prefixKeyId = id;
    prefixKeyCreated = created;
    prefixKeyModel = modelId;
  }
  return prefix;
}

/** The exact bytes of one SSE event for one canonical chunk (`usage` is sent separately). */
export function serializeChunk(chunk: CanonicalChunk, modelId: string): string {
  // finish_reason comes from a closed set of plain words: no escaping needed.
  const finish = chunk.finish_reason ? `"${chunk.finish_reason}"` : "null";
  return (
    chunkPrefix(chunk.id, chunk.created, modelId) +
    `[{"index":0,"delta":${deltaJson(chunk.delta)},"logprobs":null,"finish_reason":${finish}}]}\n\n`
  );
}

/** JSON.stringify(delta), about twice as fast for the usual content-only token delta. */
function deltaJson(delta: CanonicalChunk["delta"]): string {
  if (typeof delta.content === "string" && delta.role === undefined && delta.tool_calls === undefined) {
    let keys = 0;
    for (const _ in delta) keys++;
    if (keys === 1) return `{"content":${JSON.stringify(delta.content)}}`;
  }
  return JSON.stringify(delta);
}

/** The final chunk OpenAI sends when `stream_options.include_usage` is set: no choices. */
export function serializeUsageChunk(id: string, created: number, modelId: string, usage: Usage): string {
  return chunkPrefix(id, created, modelId) + `[],"usage":${JSON.stringify(toOpenAIUsage(usage))}}\n\n`;
}
