// A sub-call of an orchestration call: what a mode asks for (SubCallSpec), what it came to
// (SubCallResult), and the events that report it (trace, then done or error).
import type { Cancel } from "@/lib/cancel";
import { AppError } from "@/lib/errors";
import { unitsToCredits } from "@/lib/billing/money";
import type { Reservation } from "@/lib/billing/settlement/reserve";
import type { ChatMessage, FinishReason, ResponseFormat, Usage } from "@/lib/providers/types";
import type { AttemptLog } from "@/lib/observability/request-log";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import type { ChainPlan, SettledChat } from "@/lib/gateway/chat/run-chat";
import { toClientError } from "@/lib/gateway/chat/upstream-errors";
import type {
  DoneEvent, ErrorEvent, EventTag, EventUsage, OrchestrationEvent, Stage, TraceAttempt, TraceEvent,
} from "@/lib/orchestration/events";

export type SubCallSpec = {
  /** One model … */
  model?: string;
  /** … or a chain tried in order with failover before the first byte (the first names the sub-call). */
  chain?: string[];
  /** Default: the client's messages. */
  messages?: ChatMessage[];
  stage: Stage;
  /** Its position in the request (models can repeat). */
  index: number;
  temperature?: number;
  max_tokens?: number;
  response_format?: ResponseFormat;
  /** Stream its text as `chunk` events (false: text only in the result; trace/done/error still sent). */
  emit: boolean;
  /** No events at all for this sub-call: the mode reports it itself. */
  silent?: boolean;
  /** The request field that named the model, for a 4xx about it ("models[2]"). */
  param?: string;
  /** Abort this sub-call alone (default: the client's signal). */
  signal?: Cancel;
};

/** A sub-call resolved, admitted and reserved for (OrchestrationContext.prepare); run it once. */
export type PreparedSubCall = {
  readonly spec: SubCallSpec;
  readonly parsed: ParsedChatRequest;
  readonly plan: ChainPlan;
  readonly reservation: Reservation;
  used: boolean;
};

export type SubCallResult = {
  model: string;
  index: number;
  stage: Stage;
  /** The sub-call's own request id (its log row; /chat: the client's request id). */
  requestId: string;
  /** The model that answered (after failover); null when none did. */
  resolvedModel: string | null;
  /** The generated text (tool-call arguments excluded). */
  text: string;
  /** Billed usage; null when nothing was delivered. */
  usage: Usage | null;
  /** Charged, in units (1e-12 USD), markup included. */
  creditsCharged: bigint;
  latencyMs: number;
  ttftMs: number | null;
  finishReason: FinishReason | null;
  /** 200, or the error's status (499: the client went away). */
  status: number;
  error: AppError | null;
  /** Failed and charged nothing. */
  refunded: boolean;
  attempts: AttemptLog[];
};

export function subCallResult(
  tag: EventTag, spec: SubCallSpec, requestId: string, s: SettledChat,
  seen: { text: () => string; finishReason: FinishReason | null; failure: AppError | null }, thrown: unknown,
): SubCallResult {
  const failed = s.status !== 200;
  const error = !failed ? null : seen.failure ?? asAppError(thrown ?? s.error, s.resolvedModel ?? tag.model);
  return {
    model: tag.model, index: spec.index, stage: spec.stage, requestId, resolvedModel: s.resolvedModel, text: seen.text(),
    usage: s.usage, creditsCharged: s.charged, latencyMs: Math.round(s.latencyMs),
    ttftMs: s.ttftMs === null ? null : Math.round(s.ttftMs), finishReason: failed ? null : seen.finishReason,
    status: s.status, error, refunded: failed && s.charged === 0n, attempts: s.attempts,
  };
}

function asAppError(err: unknown, model: string): AppError {
  if (err instanceof AppError) return err;
  return toClientError(err, model.split("/")[0] ?? model);
}

function traceAttempts(attempts: AttemptLog[]): TraceAttempt[] {
  return attempts.map((a) => {
    const t: TraceAttempt = { model: a.model, provider: a.provider, status: a.status, latency_ms: a.latencyMs };
    if (a.error !== undefined) t.error = a.error;
    if (a.ttftMs !== undefined) t.ttft_ms = a.ttftMs;
    return t;
  });
}

/** Moves to another model of the chain (a retry of the same model is not a failover). */
function failovers(attempts: AttemptLog[]): number {
  let n = 0;
  for (let i = 1; i < attempts.length; i++) if (attempts[i]!.model !== attempts[i - 1]!.model) n++;
  return n;
}

/**
 * `trace`, then `done` (success) or `error` (failure). `remaining`: the balance after this call's charges so far.
 * Money fields are written out rather than spread from moneyFields: computed keys take an
 * object off V8's fast path, and these objects are serialised next (compare-summary.ts).
 */
export function subCallEvents(
  tag: EventTag, r: SubCallResult, s: SettledChat, remaining: bigint | null, capped: Reservation["capped"] = null,
): OrchestrationEvent[] {
  const trace: TraceEvent = { event: "trace", ...tag, attempts: traceAttempts(r.attempts), failovers: failovers(r.attempts) };
  if (r.error) {
    const error: ErrorEvent = {
      event: "error", ...tag, status_code: r.error.status, code: r.error.code, message: r.error.message,
      refunded: r.refunded, charged_credits: unitsToCredits(r.creditsCharged), charged_units: r.creditsCharged.toString(),
      latency_ms: r.latencyMs,
    };
    return [trace, error];
  }
  const u = s.usage;
  const usage: EventUsage = { prompt_tokens: u?.prompt_tokens ?? 0, completion_tokens: u?.completion_tokens ?? 0, total_tokens: u?.total_tokens ?? 0 };
  if (u?.cached_tokens) usage.cached_tokens = u.cached_tokens;
  const done: DoneEvent = {
    event: "done", ...tag, resolved_model: r.resolvedModel, finish_reason: r.finishReason, usage,
    latency_ms: r.latencyMs, ttft_ms: r.ttftMs, charged_credits: unitsToCredits(r.creditsCharged), charged_units: r.creditsCharged.toString(),
  };
  if (remaining !== null) {
    done.remaining_credits = unitsToCredits(remaining);
    done.remaining_units = remaining.toString();
  }
  if (capped !== null) done.output_capped = capped;
  return [trace, done];
}
