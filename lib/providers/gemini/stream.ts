// Gemini streamGenerateContent?alt=sse → canonical chunks. Every SSE event is a whole
// GenerateContentResponse holding the next slice of parts; function calls arrive complete in
// one part (we never ask for partial arguments). There is no terminal event: the answer is
// complete once a candidate has a finishReason, then the connection closes.
import type { EventSourceMessage } from "eventsource-parser";
import type { StreamMapper } from "../http/call";
import { inBandError, invalidResponse } from "../http/errors";
import { nowSeconds } from "../shared/content";
import { parseEventJson, shapeError } from "../shared/validation";
import type { CanonicalChunk, FinishReason, Usage } from "../types";
import { parseGeminiErrorBody } from "./errors";
import { mapGeminiFinishReason } from "./finish-reason";
import { geminiToolCallId, mapGeminiUsage, responseKeyOf } from "./response";
import { geminiResponseSchema } from "./schemas";

type ToolCallDelta = NonNullable<CanonicalChunk["delta"]["tool_calls"]>[number];

export class GeminiStreamMapper implements StreamMapper {
  /** Gemini has no terminal event: we read to the end of the connection. */
  readonly done = false;
  private finished = false;
  private key: string | undefined;
  private id = "";
  private model: string;
  private readonly created = nowSeconds();
  private toolCount = 0;
  private usage: Usage | undefined;

  constructor(
    private readonly label: string,
    private readonly apiKey: string,
    requestModel: string,
  ) {
    this.model = requestModel;
  }

  onEvent(event: EventSourceMessage, out: CanonicalChunk[]): void {
    if (this.finished) return;
    const json = parseEventJson(this.label, event.data);
    const parsed = geminiResponseSchema.safeParse(json);
    if (!parsed.success) throw shapeError(this.label, parsed.error);
    const r = parsed.data;
    if (r.error !== undefined) {
      throw inBandError(this.label, parseGeminiErrorBody(json) ?? {}, this.apiKey);
    }
    const first = this.key === undefined;
    if (first) {
      this.key = responseKeyOf(r.responseId);
      this.id = r.responseId ?? this.key;
      if (r.modelVersion) this.model = r.modelVersion;
    }
    const usage = mapGeminiUsage(r.usageMetadata);
    if (usage) this.usage = usage;

    const delta: CanonicalChunk["delta"] = first ? { role: "assistant" } : {};
    const candidate = r.candidates?.[0];
    let finishReason: string | null | undefined = candidate?.finishReason;
    let blocked = false;
    if (!candidate && r.promptFeedback?.blockReason) {
      blocked = true;
      finishReason = r.promptFeedback.blockReason;
    }

    let text: string | undefined;
    let toolCalls: ToolCallDelta[] | undefined;
    for (const part of candidate?.content?.parts ?? []) {
      if (part.thought) continue;
      if (part.text) text = (text ?? "") + part.text;
      const call = part.functionCall;
      if (call?.name) {
        const index = this.toolCount++;
        (toolCalls ??= []).push({
          index,
          id: geminiToolCallId(this.key as string, index, part),
          type: "function",
          function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
        });
      }
    }
    if (text !== undefined) delta.content = text;
    if (toolCalls) delta.tool_calls = toolCalls;

    const chunk: CanonicalChunk = { id: this.id, created: this.created, model: this.model, delta };
    if (finishReason) {
      let reason: FinishReason = blocked ? "content_filter" : mapGeminiFinishReason(finishReason);
      if (reason === "stop" && this.toolCount > 0) reason = "tool_calls";
      chunk.finish_reason = reason;
      if (this.usage) chunk.usage = this.usage;
      this.finished = true;
    } else if (text === undefined && !toolCalls && !first) {
      return; // thought-only or empty slice
    }
    out.push(chunk);
  }

  onEnd(): void {
    if (!this.finished) throw invalidResponse(this.label, "stream ended without a finishReason");
  }
}
