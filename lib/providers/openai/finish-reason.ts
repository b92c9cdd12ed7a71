import type { FinishReason } from "../types";

/**
 * OpenAI's values plus the ones compatible servers invent (Mistral `model_length`, vLLM
 * `abort`, legacy `function_call`). Anything unknown — including `error` or DeepSeek's
 * `insufficient_system_resource` — is reported as `stop`: the text so far is what the
 * user gets and is billed for.
 */
export function mapOpenAIFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "length":
    case "model_length":
    case "max_tokens":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    case "content_filter":
      return "content_filter";
    default:
      return "stop";
  }
}
