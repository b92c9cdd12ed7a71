// After the response: settle the exact cost (or refund a failure) and queue the request log.
import { performance } from "node:perf_hooks";
import { computeCost, serializePriceSnapshot } from "@/lib/catalog";
import { countTextTokens } from "@/lib/catalog/token-count";
import { refundReservation, settleCharge, type CreditTicket } from "@/lib/billing/reservations";
import { enqueueRequestLog, type AttemptLog } from "@/lib/observability/request-log";
import { logger } from "@/lib/observability/logger";
import { recordChatMetrics } from "@/lib/observability/metrics";
import type { Usage } from "@/lib/providers/types";
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
  const keep = !key.zeroRetention;
  enqueueRequestLog({
    id: req.requestId,
    userId: key.userId,
    apiKeyId: key.keyId,
    createdAt: new Date(Date.now() - latencyMs),
    endpoint,
    requestedModel: parsed.models[0]!,
    resolvedModel: delivered ? o.link.model.id : null,
    provider: delivered ? o.link.model.provider : null,
    status: o.status,
    errorClass: o.error ? errorClassOf(o.error) : null,
    errorMessage: o.error instanceof Error ? o.error.message.slice(0, 500) : null,
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
    attempts: o.attempts,
    requestBody: keep ? body : null,
    responseBody: keep ? o.responseBody : null,
  });
  recordChatMetrics({
    provider: o.link.model.provider, model: o.link.model.id, status: o.status,
    errorClass: o.error ? errorClassOf(o.error) : null, latencyMs, ttftMs: o.ttftMs,
    inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0, costUnits: cost,
  });
}
