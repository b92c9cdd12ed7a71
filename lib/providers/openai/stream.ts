// OpenAI Chat Completions SSE → canonical chunks. Events map 1:1 (the canonical chunk is the
// OpenAI chunk minus the `choices` wrapper), so nothing is held back.
//
// Pass-through note: for OpenAI→OpenAI-format clients this mapper re-serialises what it
// parses. A byte-level pass-through (forward each `data:` line verbatim, only sniffing the
// last chunk's `usage` for billing) would skip JSON.parse/zod/stringify per event. It is safe
// only when the client's dialect equals the upstream's and the client asked for the same
// `stream_options` we sent (otherwise the usage-only chunk must be dropped). Hook point: a
// StreamMapper variant that records raw `event.data` alongside the usage it extracts.
import type { EventSourceMessage } from "eventsource-parser";
import type { StreamMapper } from "../http/call";
import { inBandError, invalidResponse } from "../http/errors";
import { nowSeconds } from "../shared/content";
import { fallbackId } from "../shared/ids";
import { parseEventJson, shapeError } from "../shared/validation";
import type { CanonicalChunk } from "../types";
import { parseOpenAIErrorBody } from "./errors";
import { mapOpenAIFinishReason } from "./finish-reason";
import { argumentsToString, mapOpenAIUsage } from "./response";
import { openAIChunkSchema, type OpenAIChunk } from "./schemas";

type ChunkDelta = CanonicalChunk["delta"];
type ToolCallDelta = NonNullable<ChunkDelta["tool_calls"]>[number];
type Choice = NonNullable<OpenAIChunk["choices"]>[number];

export class OpenAIStreamMapper implements StreamMapper {
  done = false;
  private sawFinish = false;
  private sawToolCalls = false;
  private id: string | undefined;
  private created: number | undefined;
  private model: string;

  constructor(
    private readonly label: string,
    private readonly apiKey: string,
    requestModel: string,
  ) {
    this.model = requestModel;
  }

  onEvent(event: EventSourceMessage, out: CanonicalChunk[]): void {
    const data = event.data;
    if (data === "[DONE]") {
      this.done = true;
      return;
    }
    const json = parseEventJson(this.label, data);
    const parsed = openAIChunkSchema.safeParse(json);
    if (!parsed.success) throw shapeError(this.label, parsed.error);
    const c = parsed.data;
    if (c.error !== undefined && c.error !== null) {
      throw inBandError(this.label, parseOpenAIErrorBody(json) ?? {}, this.apiKey);
    }
    if (this.id === undefined) {
      this.id = c.id ?? fallbackId("chatcmpl");
      this.created = c.created ?? nowSeconds();
      if (c.model) this.model = c.model;
    }
    const choice = pickChoice(c.choices);
    const usage = c.usage ?? c.x_groq?.usage;
    const delta = choice?.delta ? this.mapDelta(choice) : undefined;
    const finish = choice?.finish_reason;
    if (!delta && !finish && !usage) return; // e.g. reasoning-only or keep-alive chunks

    const chunk: CanonicalChunk = {
      id: this.id,
      created: this.created as number,
      model: this.model,
      delta: delta ?? {},
    };
    if (finish) {
      let reason = mapOpenAIFinishReason(finish);
      if (reason === "stop" && this.sawToolCalls) reason = "tool_calls";
      chunk.finish_reason = reason;
      this.sawFinish = true;
    }
    if (usage) chunk.usage = mapOpenAIUsage(usage);
    out.push(chunk);
  }

  /** No [DONE]: accept the stream if the model had finished (usage may then be missing). */
  onEnd(): void {
    if (!this.sawFinish) throw invalidResponse(this.label, "stream ended before [DONE]");
  }

  private mapDelta(choice: Choice): ChunkDelta | undefined {
    const d = choice.delta;
    if (!d) return undefined;
    let delta: ChunkDelta | undefined;
    if (d.role === "assistant") delta = { role: "assistant" };
    const text = d.content ?? d.refusal;
    if (typeof text === "string") (delta ??= {}).content = text;
    if (d.tool_calls && d.tool_calls.length > 0) {
      this.sawToolCalls = true;
      (delta ??= {}).tool_calls = d.tool_calls.map((tc, i) => {
        const out: ToolCallDelta = { index: tc.index ?? i };
        if (tc.id) out.id = tc.id;
        if (tc.type === "function" || tc.id) out.type = "function";
        const fn = tc.function;
        if (fn) {
          const f: { name?: string; arguments?: string } = {};
          if (fn.name) f.name = fn.name;
          if (fn.arguments != null) f.arguments = argumentsToString(fn.arguments);
          out.function = f;
        }
        return out;
      });
    }
    return delta;
  }
}

function pickChoice(choices: OpenAIChunk["choices"]): Choice | undefined {
  if (!choices || choices.length === 0) return undefined;
  if (choices.length === 1) return choices[0];
  return choices.find((c) => (c.index ?? 0) === 0) ?? choices[0];
}
