// The events of the orchestration endpoints (SPEC §2 "Native orchestration endpoints"): each
// is one SSE line `data: {json}` whose JSON names the event in `event` (no SSE `event:`
// lines); the stream ends with `data: [DONE]`. With `stream: false` the same information is
// one JSON document (document.ts). Money follows the shared convention: `<name>_credits`
// (exact decimal string) and `<name>_units` (integer string of 1e-12 USD).
import type { CanonicalChunk, FinishReason, Usage } from "@/lib/providers/types";

export const ORCHESTRATION_MODES = ["chat", "compare", "blend", "judge"] as const;
export type OrchestrationMode = (typeof ORCHESTRATION_MODES)[number];

/** Where a sub-call sits in a multi-model call: models can repeat, so events name all three. */
export type Stage = "source" | `layer_${number}` | "synthesis" | "judge";

/**
 * What every event of one sub-call carries. Multi-model modes: `model` (as requested),
 * `index` (its position in the request) and `stage`; /chat: `model` only.
 */
export type EventTag = { model: string; index?: number; stage?: Stage };

export type RouteEvent = {
  event: "route";
  id: string;
  mode: OrchestrationMode;
  /** /chat: the model tried first; multi-model modes: absent (see `models`). */
  model?: string;
  /** /chat: the whole chain in the order it is tried. */
  chain?: string[];
  strategy?: string;
  /** Why this route: the strategy, or `auto`'s choice. */
  reason: string;
  /** Multi-model modes: every sub-call planned, in request order. */
  models?: Array<{ model: string; index: number; stage: Stage }>;
};

/** Tool-call fragments, in OpenAI's indexed incremental form. */
export type ToolCallDelta = NonNullable<CanonicalChunk["delta"]["tool_calls"]>[number];

export type ChunkEvent = EventTag & { event: "chunk"; delta: string; tool_calls?: ToolCallDelta[] };

export type TraceAttempt = {
  model: string;
  provider: string;
  status: number | null;
  error?: string;
  latency_ms: number;
  ttft_ms?: number;
};

/** Every upstream attempt of a sub-call, failovers and open breakers included. */
export type TraceEvent = EventTag & { event: "trace"; attempts: TraceAttempt[]; failovers: number };

export type EventUsage = Pick<Usage, "prompt_tokens" | "completion_tokens" | "total_tokens"> & { cached_tokens?: number };

export type DoneEvent = EventTag & {
  event: "done";
  resolved_model: string | null;
  finish_reason: FinishReason | null;
  usage: EventUsage;
  latency_ms: number;
  ttft_ms: number | null;
  charged_credits: string;
  charged_units: string;
  /** The account's balance after this call's charges so far; absent when it could not be read. */
  remaining_credits?: string;
  remaining_units?: string;
  /** The balance or the key's budget covered less than the worst case: max_tokens was lowered to what it covered. */
  output_capped?: "balance" | "budget";
};

export type ErrorEvent = Partial<EventTag> & {
  event: "error";
  status_code: number;
  code: string;
  message: string;
  /** True when this (sub-)call was charged nothing: its whole reservation went back. */
  refunded: boolean;
  /** A sub-call cut after its first byte is charged what it generated (then `refunded` is false). */
  charged_credits?: string;
  charged_units?: string;
  latency_ms?: number;
};

/** Mode-specific events (compare's `summary`, judge's `verdict`, …): a name and any JSON. */
export type CustomEvent = { event: string; [field: string]: unknown };

export type OrchestrationEvent = RouteEvent | ChunkEvent | TraceEvent | DoneEvent | ErrorEvent | CustomEvent;

export const SSE_DONE_LINE = "data: [DONE]\n\n";
