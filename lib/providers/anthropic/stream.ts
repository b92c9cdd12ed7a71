// Anthropic Messages SSE → canonical chunks.
//   message_start            → {role:"assistant"} (id, model and input usage remembered)
//   content_block_start      → tool_use: first tool-call delta (index, id, name, "")
//   content_block_delta      → text_delta: content; input_json_delta: tool-call arguments
//                              (or content, for the json_schema emulation tool)
//   message_delta            → finish_reason + cumulative usage (the final chunk)
//   message_stop             → terminal; ping/thinking/signature deltas → nothing
//   error                    → UpstreamError (overloaded_error → 529, …)
import type { EventSourceMessage } from "eventsource-parser";
import type { StreamMapper } from "../http/call";
import { inBandError, invalidResponse } from "../http/errors";
import { nowSeconds } from "../shared/content";
import { parseEventJson, shapeError } from "../shared/validation";
import type { CanonicalChunk } from "../types";
import { mapAnthropicStopReason } from "./finish-reason";
import { mapAnthropicUsage } from "./response";
import { anthropicEventSchema, KNOWN_EVENT_TYPES, type AnthropicUsage } from "./schemas";

/** What a content block index turned out to be. Text is the default. */
type BlockKind = { kind: "tool"; toolIndex: number } | { kind: "json" } | { kind: "ignore" };
const TEXT: undefined = undefined;

export class AnthropicStreamMapper implements StreamMapper {
  done = false;
  private finished = false;
  private id = "";
  private model: string;
  private readonly created = nowSeconds();
  private readonly usage: AnthropicUsage = {};
  private readonly blocks: Array<BlockKind | undefined> = [];
  private toolCount = 0;

  constructor(
    private readonly label: string,
    private readonly apiKey: string,
    requestModel: string,
    private readonly jsonToolName: string | null,
  ) {
    this.model = requestModel;
  }

  onEvent(event: EventSourceMessage, out: CanonicalChunk[]): void {
    const json = parseEventJson(this.label, event.data);
    const type = (json as { type?: unknown } | null)?.type;
    if (typeof type !== "string") throw invalidResponse(this.label, "stream event without a type");
    if (!KNOWN_EVENT_TYPES.has(type)) return;
    const parsed = anthropicEventSchema.safeParse(json);
    if (!parsed.success) throw shapeError(this.label, parsed.error);
    const e = parsed.data;
    switch (e.type) {
      case "message_start":
        this.id = e.message.id;
        if (e.message.model) this.model = e.message.model;
        if (e.message.usage) Object.assign(this.usage, definedOnly(e.message.usage));
        out.push(this.chunk({ role: "assistant" }));
        return;
      case "content_block_start":
        return this.startBlock(e.index, e.content_block, out);
      case "content_block_delta": {
        const kind = this.blocks[e.index];
        const d = e.delta;
        if (d.type === "text_delta") {
          if (kind === TEXT && d.text) out.push(this.chunk({ content: d.text }));
        } else if (d.type === "input_json_delta") {
          if (!d.partial_json || !kind) return;
          if (kind.kind === "json") out.push(this.chunk({ content: d.partial_json }));
          else if (kind.kind === "tool") {
            out.push(this.chunk({ tool_calls: [{ index: kind.toolIndex, function: { arguments: d.partial_json } }] }));
          }
        }
        // thinking_delta, signature_delta, citations_delta: no canonical form.
        return;
      }
      case "message_delta": {
        if (e.usage) Object.assign(this.usage, definedOnly(e.usage));
        let reason = mapAnthropicStopReason(e.delta.stop_reason);
        if (reason === "tool_calls" && this.toolCount === 0) reason = "stop"; // JSON-mode tool
        const chunk = this.chunk({});
        chunk.finish_reason = reason;
        chunk.usage = mapAnthropicUsage(this.usage);
        this.finished = true;
        out.push(chunk);
        return;
      }
      case "message_stop":
        this.done = true;
        return;
      case "error":
        throw inBandError(
          this.label,
          { message: e.error.message ?? undefined, type: e.error.type ?? undefined },
          this.apiKey,
        );
      default:
        return; // ping, content_block_stop
    }
  }

  /** A cut after message_delta lost nothing but message_stop: accept it. */
  onEnd(): void {
    if (!this.finished) throw invalidResponse(this.label, "stream ended before message_stop");
  }

  private startBlock(
    index: number,
    block: { type: string; id?: string; name?: string; text?: string },
    out: CanonicalChunk[],
  ): void {
    if (block.type === "text") {
      this.blocks[index] = TEXT;
      if (block.text) out.push(this.chunk({ content: block.text }));
      return;
    }
    if (block.type !== "tool_use") {
      this.blocks[index] = { kind: "ignore" };
      return;
    }
    if (!block.id || !block.name) throw invalidResponse(this.label, "tool_use block without id/name");
    if (block.name === this.jsonToolName) {
      this.blocks[index] = { kind: "json" };
      return;
    }
    const toolIndex = this.toolCount++;
    this.blocks[index] = { kind: "tool", toolIndex };
    out.push(
      this.chunk({
        tool_calls: [{ index: toolIndex, id: block.id, type: "function", function: { name: block.name, arguments: "" } }],
      }),
    );
  }

  private chunk(delta: CanonicalChunk["delta"]): CanonicalChunk {
    return { id: this.id, created: this.created, model: this.model, delta };
  }
}

function definedOnly(u: AnthropicUsage): AnthropicUsage {
  const out: AnthropicUsage = {};
  if (u.input_tokens != null) out.input_tokens = u.input_tokens;
  if (u.output_tokens != null) out.output_tokens = u.output_tokens;
  if (u.cache_read_input_tokens != null) out.cache_read_input_tokens = u.cache_read_input_tokens;
  if (u.cache_creation_input_tokens != null) out.cache_creation_input_tokens = u.cache_creation_input_tokens;
  return out;
}
