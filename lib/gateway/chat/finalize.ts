// After the response: settle the exact cost (or refund a failure) and queue the request log.
import { performance } from "node:perf_hooks";
import { computeCost, serializePriceSnapshot } from "@/lib/catalog";
import { countTextTokens } from "@/lib/catalog/token-count";
import { refundReservation, settleCharge, type CreditTicket } from "@/lib/billing/reservations";
import { enqueueRequestLog, type AttemptLog } from "@/lib/observability/request-log";
import { sanitizeLogBody, storableText, type StoredBody } from "@/lib/observability/log-body";
import { logger } from "@/lib/observability/logger";
import { recordChatMetrics } from "@/lib/observability/metrics";
import type { Usage } from "@/lib/providers/types";
import type { ApiRequest } from "@/lib/gateway/http/types";
import type { ChatCall } from "@/lib/gateway/chat/run-chat";
import type { ChainLink } from "@/lib/gateway/chat/resolve-chain";
import type { PromptSize } from "@/lib/gateway/chat/estimate";
import { errorClassOf } from "@/lib/gateway/chat/upstream-errors";

export type ChatOutcome = {
  call: ChatCall;
  ticket: CreditTicket;
  /** The prompt's size; its exact count is taken only when usage is missing. */
  prompt: PromptSize;
  attempts: AttemptLog[];
  link: ChainLink;
  /** HTTP status we answered with (499 = the client went away before an answer). */
  status: number;
  /** Provider-reported usage, when there was any. */
  usage: Usage | null;
  /** What was generated (text + tool-call arguments) — counted when usage is missing. */
  generatedText: string;
  ttftMs: number | null;
  error: unknown;
  responseBody: unknown;
};

/** Provider usage when reported; otherwise our count of what was generated. */
export function finalUsage(o: ChatOutcome): Usage {
  if (o.usage) return o.usage;
  const completion = o.generatedText ? countTextTokens(o.generatedText) : 0;
  const prompt = o.prompt.exact();
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

const NOT_STORED: StoredBody = { value: null, truncated: false };

/**
 * The raw request body's size: the client's content-length (both doors read exactly that many
 * bytes); for a chunked upload, the parsed body re-serialised (an estimate, off the response path).
 */
function requestBytes(req: ApiRequest, body: unknown): number {
  const declared = Number(req.header("content-length"));
  if (Number.isSafeInteger(declared) && declared >= 0) return declared;
  try {
    return Buffer.byteLength(JSON.stringify(body) ?? "");
  } catch {
    return 0; // nested too deep to serialise
  }
}

/** Upstream error texts may carry NUL or lone surrogates, which Postgres refuses. */
function storableAttempts(attempts: AttemptLog[]): AttemptLog[] {
  return attempts.map((a) => (a.error === undefined ? a : { ...a, error: storableText(a.error) }));
}

export function finalizeChat(o: ChatOutcome): void {
  const { req, key, parsed, endpoint, body } = o.call;
  const latencyMs = performance.now() - req.startedAt;
  // Something was delivered (fully or partly) → charge what was generated; else refund all.
  const delivered = o.status === 200 || o.usage !== null || o.generatedText.length > 0;
  const usage = delivered ? finalUsage(o) : null;
  let cost = 0n;
  let undercharged = 0n;
  if (usage) {
    // BYOK calls are paid to the provider by the user: charge nothing, release the reservation.
    const s = settleCharge(o.ticket, o.link.byok ? 0n : computeCost(o.link.price, usage));
    cost = s.charged;
    undercharged = s.undercharged;
  } else {
    refundReservation(o.ticket);
  }
  if (undercharged > 0n) {
    logger().warn({ requestId: req.requestId, undercharged: undercharged.toString() }, "cost exceeded reservation");
  }
  // Bodies are made storable and bounded here, after the response (log-body.ts).
  const keep = !key.zeroRetention;
  const request = keep ? sanitizeLogBody(body) : NOT_STORED;
  const response = keep ? sanitizeLogBody(o.responseBody) : NOT_STORED;
  enqueueRequestLog({
    id: req.requestId,
    userId: key.userId,
    apiKeyId: key.keyId,
    createdAt: new Date(Date.now() - latencyMs),
    endpoint,
    requestedModel: storableText(parsed.models[0]!),
    resolvedModel: delivered ? o.link.model.id : null,
    provider: delivered ? o.link.model.provider : null,
    status: o.status,
    errorClass: o.error ? errorClassOf(o.error) : null,
    errorMessage: o.error instanceof Error ? storableText(o.error.message.slice(0, 500)) : null,
    stream: parsed.canonical.stream,
    byok: delivered && o.link.byok === true,
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    cachedTokens: usage?.cached_tokens ?? 0,
    usageSource: !usage ? "none" : o.usage ? "provider" : "estimated",
    costUnits: cost,
    charge: cost, // debited from the balance (and this process's hold) when the log is written
    reservedUnits: o.ticket.amount,
    price: serializePriceSnapshot(o.link.price),
    latencyMs,
    ttftMs: o.ttftMs,
    attempts: storableAttempts(o.attempts),
    requestBody: request.value,
    responseBody: response.value,
    requestBytes: requestBytes(req, body),
    bodyTruncated: request.truncated || response.truncated,
  });
  recordChatMetrics({
    provider: o.link.model.provider, model: o.link.model.id, status: o.status,
    errorClass: o.error ? errorClassOf(o.error) : null, latencyMs, ttftMs: o.ttftMs,
    inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0, costUnits: cost,
  });
}
