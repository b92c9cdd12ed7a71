// After the response: hand the finished request to billing (settle its charge, or refund a
// failure, and queue its log with the charge) and record its metrics. Billing owns every
// money movement; this file only says what the request did.
import { performance } from "node:perf_hooks";
import { settleRequest } from "@/lib/billing/settlement/settle";
import type { AttemptLog } from "@/lib/observability/request-log";
import { sanitizeLogBody, storableText, type StoredBody } from "@/lib/observability/log-body";
import { recordChatMetrics } from "@/lib/observability/metrics";
import type { ApiRequest } from "@/lib/gateway/http/types";
import { finalUsage, type ChatOutcome } from "@/lib/gateway/chat/chat-outcome";
import { errorClassOf } from "@/lib/gateway/chat/upstream-errors";

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
  // Most requests have no failed attempt: keep their array as it is.
  if (attempts.every((a) => a.error === undefined)) return attempts;
  return attempts.map((a) => (a.error === undefined ? a : { ...a, error: storableText(a.error) }));
}

export function finalizeChat(o: ChatOutcome): void {
  const { req, key, parsed, endpoint, body } = o.call;
  const latencyMs = performance.now() - req.startedAt;
  // Something was delivered (fully or partly) → charge what was generated; else refund all.
  const delivered = o.status === 200 || o.usage !== null || o.generatedText.length > 0;
  const usage = delivered ? finalUsage(o.usage, o.generatedText, o.prompt) : null;
  const errorClass = o.error ? errorClassOf(o.error) : null;
  // Bodies are made storable and bounded here, after the response (log-body.ts).
  const keep = !key.zeroRetention;
  const request = keep ? sanitizeLogBody(body) : NOT_STORED;
  const response = keep ? sanitizeLogBody(o.responseBody) : NOT_STORED;
  const byok = o.link.byok === true;
  const { charged } = settleRequest({
    reservation: o.reservation,
    price: o.link.price,
    usage,
    byok,
    log: {
      id: req.requestId,
      userId: key.userId,
      apiKeyId: key.keyId,
      createdAt: new Date(Date.now() - latencyMs),
      endpoint,
      requestedModel: storableText(parsed.models[0]!),
      resolvedModel: delivered ? o.link.model.id : null,
      provider: delivered ? o.link.model.provider : null,
      status: o.status,
      errorClass,
      errorMessage: o.error instanceof Error ? storableText(o.error.message.slice(0, 500)) : null,
      stream: parsed.canonical.stream,
      byok: delivered && byok,
      inputTokens: usage?.prompt_tokens ?? 0,
      outputTokens: usage?.completion_tokens ?? 0,
      cachedTokens: usage?.cached_tokens ?? 0,
      usageSource: !usage ? "none" : o.usage ? "provider" : "estimated",
      latencyMs,
      ttftMs: o.ttftMs,
      attempts: storableAttempts(o.attempts),
      requestBody: request.value,
      responseBody: response.value,
      requestBytes: requestBytes(req, body),
      bodyTruncated: request.truncated || response.truncated,
      costUnits: 0n, reservedUnits: 0n, price: null, // billing fills these in
    },
  });
  recordChatMetrics({
    provider: o.link.model.provider, model: o.link.model.id, status: o.status, errorClass, latencyMs, ttftMs: o.ttftMs,
    inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0, costUnits: charged,
  });
}
