// OpenAI Chat Completions SSE → canonical chunks. Events map 1:1 (the canonical chunk is the
// OpenAI chunk minus the `choices` wrapper), so nothing is held back.
//
// Pass-through note: forwarding upstream `data:` lines verbatim to OpenAI-format clients is
// not done: clients must see our model id, normalised deltas (no `refusal: null`, no
// upstream-only fields), the leading role folded into the first token (attempts.ts) and our
// own usage chunk. Instead, content-only events (most of a stream) skip JSON.parse and the
// shape check via ContentTemplate, and chunks are serialised around a cached prefix.
import type { EventSourceMessage } from "eventsource-parser";
import type { StreamMapper } from "../http/call";
import { inBandError, invalidResponse } from "../http/errors";
import { nowSeconds } from "../shared/content";
import { fallbackId } from "../shared/ids";
import { parseEventJson, shapeError } from "../shared/validation";
import type { CanonicalChunk, FinishReason, Usage } from "../types";
import { ContentTemplate } from "./content-template";
import { parseOpenAIErrorBody } from "./errors";
import { mapOpenAIFinishReason } from "./finish-reason";
import { argumentsToString, mapOpenAIUsage } from "./response";
import { openAIChunkSchema, type OpenAIChunk } from "./schemas";
import { isOpenAIChunk } from "./shape";

type ChunkDelta = CanonicalChunk["delta"];
type ToolCallDelta = NonNullable<ChunkDelta["tool_calls"]>[number];
type Choice = NonNullable<OpenAIChunk["choices"]>[number];
/** What one event contributes, before the stream's state (ids, tool-call finish) applies. */
type MappedEvent = { delta: ChunkDelta | undefined; finish: string | null | undefined; usage: Usage | undefined };

export type OpenAIStreamMapperOptions = {
  /** Off only in tests, to compare against the full parse of every event. */
  contentTemplate?: boolean;
};

export class OpenAIStreamMapper implements StreamMapper {
  done = false;
  private sawFinish = false;
  private sawToolCalls = false;
  private id = "";
  private created = 0;
  private started = false;
  private model: string;
  private readonly template: ContentTemplate | null;
  /** Whether the learnt content-only chunks carry the assistant role too (some servers repeat it). */
  private templateRole = false;
  private roleChunks = 0;

  constructor(
    private readonly label: string,
    private readonly apiKey: string,
    requestModel: string,
    options: OpenAIStreamMapperOptions = {},
  ) {
    this.model = requestModel;
    this.template = options.contentTemplate === false ? null : new ContentTemplate();
  }

  onEvent(event: EventSourceMessage, out: CanonicalChunk[]): void {
    const data = event.data;
    if (data === "[DONE]") {
      this.done = true;
      return;
    }
    const text = this.template?.match(data);
    if (text !== undefined) {
      const delta: ChunkDelta = this.templateRole ? { role: "assistant", content: text } : { content: text };
      out.push({ id: this.id, created: this.created, model: this.model, delta });
      return;
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
    this.learnFrom(data, delta, finish, usage);
  }

  /** The usual opening role chunk is not learnt from: the tokens after it carry no role. */
  private learnFrom(data: string, delta: ChunkDelta | undefined, finish: MappedEvent["finish"], usage: Usage | undefined): void {
    if (!this.template) return;
    const content = contentOnly(delta, finish, usage);
    if (content === undefined) return;
    const withRole = delta?.role !== undefined;
    if (withRole && ++this.roleChunks < 2) return;
    if (this.template.learn(data, content, (probe) => probeContent(probe, withRole))) this.templateRole = withRole;
  }

  /** No [DONE]: accept the stream if the model had finished (usage may then be missing). */
  onEnd(): void {
    if (!this.sawFinish) throw invalidResponse(this.label, "stream ended before [DONE]");
  }
}

/** The fast check accepts the usual event; zod judges the rest and words the error. */
function readChunk(label: string, json: unknown): OpenAIChunk {
  if (isOpenAIChunk(json)) return json;
  const parsed = openAIChunkSchema.safeParse(json);
  if (!parsed.success) throw shapeError(label, parsed.error);
  return parsed.data;
}

/** Pure: the template probe runs it on events that are not part of the stream. */
function mapEvent(c: OpenAIChunk): MappedEvent {
  const choice = pickChoice(c.choices);
  const u = c.usage ?? c.x_groq?.usage;
  return {
    delta: choice?.delta ? mapDelta(choice) : undefined,
    finish: choice?.finish_reason,
    usage: u ? mapOpenAIUsage(u) : undefined,
  };
}

/** The text of a chunk that carries only content (and maybe the role), else undefined. */
function contentOnly(delta: ChunkDelta | undefined, finish: MappedEvent["finish"], usage: Usage | undefined): string | undefined {
  if (!delta || finish || usage || delta.tool_calls !== undefined) return undefined;
  return delta.content;
}

/** The full path for a template probe, without touching any stream state. */
function probeContent(data: string, withRole: boolean): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isOpenAIChunk(json) || (json.error !== undefined && json.error !== null)) return undefined;
  const { delta, finish, usage } = mapEvent(json);
  if ((delta?.role !== undefined) !== withRole) return undefined;
  return contentOnly(delta, finish, usage);
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
