// Canonical response/chunks → OpenAI `chat.completion` JSON and `chat.completion.chunk` SSE.
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

/**
 * The exact bytes of one SSE event per canonical chunk of one stream (`usage` is sent
 * separately): what every event repeats (id, created, model) is serialised once per id, the
 * delta and finish reason per chunk. JSON.stringify of each
 * whole event was ~6 % of a stream's CPU. The bytes are JSON.stringify's of the event object,
 * `{ id, object, created, model, choices: [{ index, delta, logprobs, finish_reason }] }`
 * (response.test.ts compares them).
 */
export function chunkSerializer(modelId: string): (chunk: CanonicalChunk) => string {
  let id: string | null = null;
  let created = 0;
  let head = "";
  return (chunk) => {
    if (chunk.id !== id || chunk.created !== created) {
      id = chunk.id;
      created = chunk.created;
      head = `data: {"id":${JSON.stringify(toChatCompletionId(id))},"object":"chat.completion.chunk",` +
        `"created":${JSON.stringify(created)},"model":${JSON.stringify(modelId)},"choices":[{"index":0,"delta":`;
    }
    const finish = chunk.finish_reason == null ? "null" : JSON.stringify(chunk.finish_reason);
    return `${head}${JSON.stringify(chunk.delta)},"logprobs":null,"finish_reason":${finish}}]}\n\n`;
  };
}

/** The final chunk OpenAI sends when `stream_options.include_usage` is set: no choices. */
export function serializeUsageChunk(id: string, created: number, modelId: string, usage: Usage): string {
  const event = { id: toChatCompletionId(id), object: "chat.completion.chunk", created, model: modelId, choices: [], usage: toOpenAIUsage(usage) };
  return `data: ${JSON.stringify(event)}\n\n`;
}
