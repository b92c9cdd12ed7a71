// The orchestration core (SPEC §2 "Native orchestration endpoints", issue #19): /chat and
// /compare here; /blend and /judge build on the same API (blend/, judge/).
//
// CONTRACT — how a mode is written
//
//   const fields = { models: z.array(…)… };                 // module level: its schema is built once
//   const { own, chat, stream } = parseOrchestrationBody(body, fields, (o) => o.models[0]);
//   const ctx = new OrchestrationContext(req, res, key, body, "blend", { chat, stream });
//   const prepared = await ctx.prepare(specs);            // all or nothing: 4xx naming models[i], 402
//   ctx.route({ reason, models: [...] });                   // goes out with the head
//   const results = await Promise.all(prepared.map((p) => ctx.runSubCall(p)));
//   ctx.emit({ event: "summary", … });                       // any mode-specific event
//   await ctx.finish();                                      // or finish({ failure: appError })
//
// - A sub-call (SubCallSpec: model | chain, messages?, stage, index, temperature?, max_tokens?,
//   response_format?, emit, silent?, param?) runs through the same pipeline as
//   /chat/completions (lib/gateway/chat/run-chat.ts): chain resolution, limits, attempts with
//   failover and breakers, settlement by billing, its own request-log row (parent_id = the
//   client call's id). runSubCall resolves with a SubCallResult — model, index, stage,
//   resolvedModel, text, usage, creditsCharged (units, bigint), latencyMs, ttftMs,
//   finishReason, status, error (AppError | null), refunded — and never rejects for an
//   upstream failure.
// - Events: a sub-call with `emit` streams `chunk` events; every sub-call not `silent` then
//   gets `trace` and `done` (or `error`, with `refunded`). Multi-model events carry `model`,
//   `index` and `stage` ("source" | "layer_N" | "synthesis" | "judge"). Money: `<name>_credits`
//   (exact decimal string) + `<name>_units`.
// - Head: the stream's head goes out with the first byte of the first sub-call to answer;
//   until then events wait. finish() when nothing has answered throws (the router answers a
//   plain JSON error: the failure given, or the sub-calls' common error, 502 otherwise). After
//   the head, finish({ failure }) writes a terminal `error` event, then `data: [DONE]`.
//   `stream: false`: the same events folded into one JSON document (document.ts); the
//   sub-calls then ask for whole answers (no upstream stream to parse; ttftMs is null).
// - Money: every sub-call's worst case is reserved before it runs. Multi-stage modes: prepare
//   every stage up front when its worst case is known (a later stage's prompt is bounded by the
//   earlier stages' max_tokens), or prepare a later stage when it starts — prepare throws a
//   clean 402 before that stage runs; release() gives back prepared sub-calls not run. Each
//   sub-call settles on its own as it ends (failed = refunded); ctx.remaining() is the
//   balance after this call's charges so far.
// - Limits: the client call counts one request (RPM); each sub-call counts its tokens (TPM).
// - Log: one parent row per multi-model call (is_parent, no tokens or cost; rollups skip it),
//   written after the response; /chat (`single`) is one ordinary row.
export { parseOrchestrationBody, type OrchestrationBody } from "@/lib/orchestration/body";
export { OrchestrationContext, type OrchestrationOptions } from "@/lib/orchestration/context";
export type { PreparedSubCall, SubCallResult, SubCallSpec } from "@/lib/orchestration/sub-call";
export type {
  ChunkEvent, CustomEvent, DoneEvent, ErrorEvent, EventTag, OrchestrationEvent, OrchestrationMode, RouteEvent, Stage, TraceEvent,
} from "@/lib/orchestration/events";
export { orchestrateChat } from "@/lib/orchestration/chat";
export { orchestrateCompare } from "@/lib/orchestration/compare";
