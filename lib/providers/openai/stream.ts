// OpenAI Chat Completions SSE → canonical chunks. Events map 1:1 (the canonical chunk is the
// OpenAI chunk minus the `choices` wrapper), so nothing is held back.
//
// Pass-through note: forwarding upstream `data:` lines verbatim to OpenAI-format clients is
// not done: clients must see our model id, normalised deltas (no `refusal: null`, no
// upstream-only fields), the leading role folded into the first token (attempts.ts) and our
// own usage chunk. The usual content-only event is read without JSON.parse
// (fast-path/content-event.ts); the rest are parsed, and the fast shape check
// (fast-path/shape.ts) spares the usual one zod.
import type { EventSourceMessage } from "eventsource-parser";
import type { StreamMapper } from "../http/call";
import { inBandError, invalidResponse } from "../http/errors";
import { nowSeconds } from "../shared/content";
import { fallbackId } from "../shared/ids";
import { parseEventJson, shapeError } from "../shared/validation";
import type { CanonicalChunk, FinishReason, Usage } from "../types";
import { parseOpenAIErrorBody } from "./errors";
import { mapOpenAIFinishReason } from "./finish-reason";
import { argumentsToString, mapOpenAIUsage } from "./response";
import { openAIChunkSchema, type OpenAIChunk } from "./schemas";
import { isOpenAIChunk } from "./fast-path/shape";
import { contentOf, hasAt, sharedPrefixOf } from "./fast-path/content-event";
import { trickOn } from "@/lib/perf-tricks";

const SHAPE_ON = trickOn("shape");
const CONTENT_EVENT_ON = trickOn("content-event");
/** Fully parsed events a stream may learn its shared prefix from (a second parse each). */
const PREFIX_TRIES = 3;

type ChunkDelta = CanonicalChunk["delta"];
type ToolCallDelta = NonNullable<ChunkDelta["tool_calls"]>[number];
type Choice = NonNullable<OpenAIChunk["choices"]>[number];
/** What one event contributes, before the stream's state (ids, tool-call finish) applies. */
type MappedEvent = { delta: ChunkDelta | undefined; finish: string | null | undefined; usage: Usage | undefined };

export class OpenAIStreamMapper implements StreamMapper {
  done = false;
  private sawFinish = false;
  private sawToolCalls = false;
  private id = "";
  private created = 0;
  private started = false;
  private model: string;
  /** fast-path/content-event.ts: what the content-only events of this stream start with. */
  private prefix: string | null = null;
  private prefixTries: number;

  constructor(
    private readonly label: string,
    private readonly apiKey: string,
    requestModel: string,
    contentEvents = CONTENT_EVENT_ON,
  ) {
    this.model = requestModel;
    this.prefixTries = contentEvents ? PREFIX_TRIES : 0;
  }

  onEvent(event: EventSourceMessage, out: CanonicalChunk[]): void {
    const data = event.data;
    if (data === "[DONE]") {
      this.done = true;
      return;
    }
    if (this.prefix !== null) {
      const content = contentOf(data, this.prefix);
      if (content !== null) {
        out.push({ id: this.id, created: this.created, model: this.model, delta: { content } });
        return;
      }
    }
    const json = parseEventJson(this.label, data);
    const c = readChunk(this.label, json);
    if (c.error !== undefined && c.error !== null) {
      throw inBandError(this.label, parseOpenAIErrorBody(json) ?? {}, this.apiKey);
    }
    if (!this.started) {
      this.started = true;
      this.id = c.id ?? fallbackId("chatcmpl");
      this.created = c.created ?? nowSeconds();
      if (c.model) this.model = c.model;
    }
    if (this.prefixTries > 0 && (this.prefix === null || !hasAt(data, 0, this.prefix))) {
      this.prefixTries--;
      this.prefix = sharedPrefixOf(data) ?? this.prefix;
    }
    const { delta, finish, usage } = mapEvent(c);
    if (!delta && !finish && !usage) return; // e.g. reasoning-only or keep-alive chunks

    const chunk: CanonicalChunk = { id: this.id, created: this.created, model: this.model, delta: delta ?? {} };
    if (delta?.tool_calls) this.sawToolCalls = true;
    if (finish) {
      let reason: FinishReason = mapOpenAIFinishReason(finish);
      if (reason === "stop" && this.sawToolCalls) reason = "tool_calls";
      chunk.finish_reason = reason;
      this.sawFinish = true;
    }
    if (usage) chunk.usage = usage;
    out.push(chunk);
  }

  /** No [DONE]: accept the stream if the model had finished (usage may then be missing). */
  onEnd(): void {
    if (!this.sawFinish) throw invalidResponse(this.label, "stream ended before [DONE]");
  }
}

/** The fast check accepts the usual event; zod judges the rest and words the error. */
function readChunk(label: string, json: unknown): OpenAIChunk {
  if (SHAPE_ON && isOpenAIChunk(json)) return json;
  const parsed = openAIChunkSchema.safeParse(json);
  if (!parsed.success) throw shapeError(label, parsed.error);
  return parsed.data;
}

function mapEvent(c: OpenAIChunk): MappedEvent {
  const choice = pickChoice(c.choices);
  const u = c.usage ?? c.x_groq?.usage;
  return {
    delta: choice?.delta ? mapDelta(choice) : undefined,
    finish: choice?.finish_reason,
    usage: u ? mapOpenAIUsage(u) : undefined,
  };
}

function mapDelta(choice: Choice): ChunkDelta | undefined {
  const d = choice.delta;
  if (!d) return undefined;
  let delta: ChunkDelta | undefined;
  if (d.role === "assistant") delta = { role: "assistant" };
  const text = d.content ?? d.refusal;
  if (typeof text === "string") (delta ??= {}).content = text;
  if (d.tool_calls && d.tool_calls.length > 0) {
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

function pickChoice(choices: OpenAIChunk["choices"]): Choice | undefined {
  if (!choices || choices.length === 0) return undefined;
  if (choices.length === 1) return choices[0];
  return choices.find((c) => (c.index ?? 0) === 0) ?? choices[0];
}
