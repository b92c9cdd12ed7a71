import type { FinishReason } from "../types";

/**
 * end_turn / stop_sequence / pause_turn → stop; max_tokens and
 * model_context_window_exceeded → length; tool_use → tool_calls; refusal → content_filter.
 */
export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}
