// Canonical chunks → Anthropic Messages SSE events. Anthropic streams typed content blocks
// (start / delta / stop, one block per text run or tool call) where OpenAI streams flat
// deltas, so the encoder tracks which block is open. Hot-path events (text and tool-input
// deltas) are written by hand around one JSON.stringify of the delta string.
import type { CanonicalChunk, FinishReason, Usage } from "@/lib/providers/types";
import { serializeAnthropicStreamError, type AnthropicErrorType } from "./errors";
import { toAnthropicStopReason, toAnthropicUsage } from "./response";

export type AnthropicStreamEncoder = {
  /** `message_start`. `inputTokensEstimate` is corrected by the final `message_delta`. */
  start(inputTokensEstimate: number): string;
  /** The SSE bytes for one canonical chunk (often "" for role-only or finish chunks). */
  push(chunk: CanonicalChunk): string;
  /** Closes the open block, then `message_delta` (stop_reason, usage) and `message_stop`. */
  finish(usage: Usage, finishReason: FinishReason): string;
  /** An `error` event for a failure after the first byte; the stream must end after it. */
  error(message: string, type?: AnthropicErrorType): string;
  /** Anthropic's keep-alive event. */
  ping(): string;
};

type OpenBlock = { index: number; toolIndex: number | null };
type PendingTool = { id?: string; name?: string; args: string };

function event(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createAnthropicStreamEncoder(modelId: string, messageId: string): AnthropicStreamEncoder {
  let started = false;
  let nextIndex = 0;
  let open: OpenBlock | null = null;
  // Tool calls seen without a name yet (a block cannot start without one).
  const pending = new Map<number, PendingTool>();
  const closedTools = new Set<number>();

  function start(inputTokensEstimate: number): string {
    if (started) return "";
    started = true;
    return event("message_start", {
      type: "message_start",
      message: {
        id: messageId,
        type: "message",
        role: "assistant",
        model: modelId,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokensEstimate, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      },
    });
  }

  function closeOpen(): string {
    if (!open) return "";
    const out = `event: content_block_stop\ndata: {"type":"content_block_stop","index":${open.index}}\n\n`;
    if (open.toolIndex !== null) closedTools.add(open.toolIndex);
    open = null;
    return out;
  }

  function textDelta(text: string): string {
    let out = "";
    if (!open || open.toolIndex !== null) {
      out += closeOpen();
      open = { index: nextIndex++, toolIndex: null };
      out += event("content_block_start", { type: "content_block_start", index: open.index, content_block: { type: "text", text: "" } });
    }
    return (
      out +
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":${open.index},"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n`
    );
  }

  function jsonDelta(index: number, partial: string): string {
    return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(partial)}}}\n\n`;
  }

  function toolDelta(tc: NonNullable<CanonicalChunk["delta"]["tool_calls"]>[number]): string {
    const args = tc.function?.arguments ?? "";
    if (open && open.toolIndex === tc.index) return args ? jsonDelta(open.index, args) : "";
    // Anthropic blocks cannot be reopened. Upstreams stream tool calls one after another, so
    // a late fragment for a closed call does not happen in practice; it is dropped.
    if (closedTools.has(tc.index)) return "";
    const p = pending.get(tc.index) ?? { args: "" };
    if (tc.id) p.id = tc.id;
    if (tc.function?.name) p.name = (p.name ?? "") + tc.function.name;
    p.args += args;
    if (!p.name) {
      pending.set(tc.index, p);
      return "";
    }
    pending.delete(tc.index);
    let out = closeOpen();
    open = { index: nextIndex++, toolIndex: tc.index };
    out += event("content_block_start", {
      type: "content_block_start",
      index: open.index,
      content_block: { type: "tool_use", id: p.id ?? `toolu_${messageId}_${tc.index}`, name: p.name, input: {} },
    });
    return p.args ? out + jsonDelta(open.index, p.args) : out;
  }

  return {
    start,
    push(chunk) {
      let out = started ? "" : start(0);
      const delta = chunk.delta;
      if (delta.content) out += textDelta(delta.content);
      if (delta.tool_calls) for (const tc of delta.tool_calls) out += toolDelta(tc);
      return out;
    },
    finish(usage, finishReason) {
      // A tool call that never received a name cannot be expressed as a tool_use block.
      pending.clear();
      const out = (started ? "" : start(usage.prompt_tokens)) + closeOpen();
      return (
        out +
        event("message_delta", {
          type: "message_delta",
          delta: { stop_reason: toAnthropicStopReason(finishReason), stop_sequence: null },
          usage: toAnthropicUsage(usage),
        }) +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n'
      );
    },
    error(message, type = "api_error") {
      return serializeAnthropicStreamError(message, type);
    },
    ping() {
      return 'event: ping\ndata: {"type":"ping"}\n\n';
    },
  };
}
