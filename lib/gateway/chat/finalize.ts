// After the response: hand the finished request to billing (settle its charge, or refund a
// failure, and queue its log with the charge) and record its metrics. Billing owns every
// money movement; this file only says what the request did.
import { performance } from "node:perf_hooks";
import { settleRequest } from "@/lib/billing/settlement/settle";
import type { AttemptLog } from "@/lib/observability/request-log";
import { sanitizeLogBody, storableText, type StoredBody } from "@/lib/observability/log-body";
import { recordChatMetrics } from "@/lib/observability/metrics";
import { recordModelOutcome } from "@/lib/routing/model-stats";
import { classifyRequest, requestClassOf } from "@/lib/routing/auto/classify";
import { settleTokens, tokensToReserve } from "@/lib/limits/rate-limiter";
import type { Usage } from "@/lib/providers/types";
import { errorBody } from "@/lib/gateway/http/respond";
import type { ApiRequest } from "@/lib/gateway/http/types";
import { rawJsonText } from "@/lib/gateway/http/read-json";
import { finalUsage, type ChatOutcome } from "@/lib/gateway/chat/chat-outcome";
import { responseDocument, storedStreamDocument, streamedDocument } from "@/lib/gateway/chat/streamed-answer";
import { errorClassOf, toClientError } from "@/lib/gateway/chat/upstream-errors";

const NOT_STORED: StoredBody = { value: null, truncated: false };

/**
 * The raw request body's size: the client's content-length (both doors read exactly that many
 * bytes); for a chunked upload, the parsed body re-serialised (an estimate, off the response path).
 */
export function requestBytes(req: ApiRequest, body: unknown): number {
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
  return attempts.map((a) => (a.error === undefined ? a : Object.assign({}, a, { error: storableText(a.error) })));
}

/**
 * Recent per-model figures (Mesh latency ordering, auto routing). Only what reached a provider
 * says something about a model: not an open breaker, a request refused before any attempt, a
 * client gone away, nor the upstream refusing the request itself (a 4xx other than 408/429).
 */
function recordModelOutcomes(o: ChatOutcome, latencyMs: number): void {
  if (o.status === 499) return;
  for (const a of o.attempts) {
    const s = a.status;
    if (s === 200 || (s === null && a.error === "circuit open")) continue;
    if (s === null || s >= 500 || s === 408 || s === 429) recordModelOutcome(a.model, false, a.latencyMs, null);
  }
  if (o.status === 200) recordModelOutcome(o.link.model.id, true, latencyMs, o.ttftMs);
  else if (o.ttftMs !== null) recordModelOutcome(o.link.model.id, false, latencyMs, null); // cut after the first byte
}

/** The error body the client got (run-chat.ts answers toClientError; Anthropic's shape under /messages). */
function failureBody(o: ChatOutcome): unknown {
  return errorBody(toClientError(o.error, o.link.model.provider), o.call.endpoint === "messages" ? "anthropic" : "openai");
}

/**
 * The response the log stores, made storable (log-body.ts): the answer as one chat.completion
 * document — a stream's assembled from the pieces it passed on, with the error event it ended
 * with when it failed — or, for a call that failed before answering, the error we answered;
 * null only when nothing was answered (the client went away first). As text, with no second
 * JSON.stringify, when it is the text the client was sent or a stream that ended cleanly.
 */
function storedResponse(o: ChatOutcome, usage: Usage | null): StoredBody {
  if (o.sent) return sanitizeLogBody(o.sent.document, o.sent.text);
  if (o.streamed) {
    const failure = o.status === 200 || o.status === 499 ? undefined : failureBody(o);
    return (failure === undefined && storedStreamDocument(o.streamed, usage))
      || sanitizeLogBody(streamedDocument(o.streamed, usage, failure));
  }
  if (o.responseBody) return sanitizeLogBody(responseDocument(o.responseBody, o.link.model.id, usage));
  return sanitizeLogBody(o.status === 499 || o.error === null ? null : failureBody(o));
}

export function finalizeChat(o: ChatOutcome): void {
  const { req, key, parsed, endpoint, body } = o.call;
  req.logged = true; // this request's row is queued below: the router's refusal log adds none
  const latencyMs = performance.now() - req.startedAt;
  // Something was delivered (fully or partly) → charge what was generated; else refund all.
  const delivered = o.status === 200 || o.usage !== null || o.generatedText.length > 0;
  const usage = delivered ? finalUsage(o.usage, o.generatedText, o.prompt) : null;
  const errorClass = o.error ? errorClassOf(o.error) : null;
  // Bodies are made storable and bounded here, after the response (log-body.ts).
  const keep = !key.zeroRetention;
  // A clean request body is stored as the client's raw text: no second JSON.stringify of it.
  const request = keep ? sanitizeLogBody(body, rawJsonText(req, body)) : NOT_STORED;
  const response = keep ? storedResponse(o, usage) : NOT_STORED;
  const byok = o.link.byok === true;
  const { charged } = settleRequest({
    reservation: o.reservation,
    price: o.link.price,
    usage,
    byok,
    test: key.mode === "test",
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
      mode: key.mode,
      parentId: o.call.parentId ?? null,
      // After the response, off the request path; memoised when `auto` already classified it.
      // An orchestration call's sub-calls share one request object: memoised, classified once.
      requestClass: o.call.parentId ? classifyRequest(parsed.canonical) : requestClassOf(parsed.canonical),
      source: key.source,
    },
  });
  // Test-mode answers come from the simulator: they say nothing about the real model.
  if (key.mode !== "test") recordModelOutcomes(o, latencyMs);
  // A tokens-per-minute window counted prompt + max_tokens (or an estimate): now the real tokens.
  if (key.tpmLimit !== null) {
    settleTokens(key.keyId, tokensToReserve(o.prompt.exact(), parsed.canonical.max_tokens),
      usage ? usage.prompt_tokens + usage.completion_tokens : 0, Date.now() - latencyMs);
  }
  // An orchestration sub-call reports what it came to in its events (lib/orchestration).
  o.call.onSettled?.({
    status: o.status, usage, charged, resolvedModel: delivered ? o.link.model.id : null, latencyMs, ttftMs: o.ttftMs,
    attempts: o.attempts, error: o.error,
  });
  recordChatMetrics({
    provider: o.link.model.provider, model: o.link.model.id, status: o.status, errorClass, latencyMs, ttftMs: o.ttftMs,
    inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0, costUnits: charged,
  });
}
