// What a sub-call sends (its request, built from the client's and its spec's own messages or
// parameters) and what its log row stores as its request. The client's messages are stored
// once, in the parent row, so a row per model does not repeat them.
import { AppError, isAppError } from "@/lib/errors";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import type { SubCallSpec } from "@/lib/orchestration/sub-call";

/** A 4xx about one sub-call's model names the field that named it ("models[2]"). */
export function withParam(err: unknown, param: string | undefined): unknown {
  if (param === undefined || !isAppError(err) || err.param !== "model") return err;
  return new AppError(err.code, err.message, param, err.headers);
}

/** The requests of one orchestration call's sub-calls (OrchestrationContext.prepare). */
export class SubCallRequests {
  /** The request every sub-call without its own messages or parameters sends (parsedFor). */
  private shared: ParsedChatRequest["canonical"] | null = null;

  constructor(private readonly chat: ParsedChatRequest, private readonly stream: boolean) {}

  parsedFor(spec: SubCallSpec): ParsedChatRequest {
    const base = this.chat;
    const own = spec.messages !== undefined || spec.temperature !== undefined || spec.max_tokens !== undefined
      || spec.response_format !== undefined;
    // Sub-calls that send the client's request as it is share one copy (nothing downstream
    // writes to it): what is worked out per request (its class, for the log: finalize.ts
    // memoises it for sub-calls) is then worked out once.
    const canonical = own ? this.canonicalFor(spec) : (this.shared ??= this.canonicalFor(spec));
    const parsed: ParsedChatRequest = { models: spec.chain ?? [spec.model!], canonical, includeUsage: true };
    if (base.optimizationGoal) parsed.optimizationGoal = base.optimizationGoal; // `auto` ranks by it
    if (base.user) parsed.user = base.user;
    return parsed;
  }

  private canonicalFor(spec: SubCallSpec): ParsedChatRequest["canonical"] {
    const base = this.chat.canonical;
    // Streamed when the client streams (its events carry the deltas and time to first token);
    // stream: false asks every model for its whole answer at once (no chunks to parse).
    const canonical: ParsedChatRequest["canonical"] = Object.assign({}, base, { messages: spec.messages ?? base.messages, stream: this.stream });
    if (spec.temperature !== undefined) canonical.temperature = spec.temperature;
    if (spec.max_tokens !== undefined) canonical.max_tokens = spec.max_tokens;
    if (spec.response_format !== undefined) canonical.response_format = spec.response_format;
    return canonical;
  }
}

/**
 * What a sub-call's log row stores as its request: its chain, stage, parameters, and its
 * messages when they are its own (a later stage's); the client's messages are stored once, in
 * the parent row.
 */
export function subCallBody(parsed: ParsedChatRequest, spec: SubCallSpec): unknown {
  const { stream: _s, messages, ...params } = parsed.canonical;
  const own = spec.messages === undefined ? { messages_in_parent: true } : { messages };
  return { models: parsed.models, stage: spec.stage, index: spec.index, ...params, ...own };
}
