// After an embeddings response: hand it to billing (charge the input tokens — the provider's
// count, else ours — or refund a failure) with its log row, and record its metrics. The
// embeddings twin of chat/finalize.ts.
import { performance } from "node:perf_hooks";
import { settleRequest } from "@/lib/billing/settlement/settle";
import type { AttemptLog } from "@/lib/observability/request-log";
import { sanitizeLogBody, storableText, type StoredBody } from "@/lib/observability/log-body";
import { recordChatMetrics } from "@/lib/observability/metrics";
import { errorBody } from "@/lib/gateway/http/respond";
import { errorClassOf, toClientError } from "@/lib/gateway/chat/upstream-errors";
import type { EmbeddingsOutcome } from "@/lib/gateway/embeddings/embeddings-outcome";

const NOT_STORED: StoredBody = { value: null, truncated: false };

/** The client's content-length; for a chunked upload, the parsed body re-serialised. */
function requestBytes(header: string | undefined, body: unknown): number {
  const declared = Number(header);
  if (header !== undefined && Number.isSafeInteger(declared) && declared >= 0) return declared;
  try {
    return Buffer.byteLength(JSON.stringify(body) ?? "");
  } catch {
    return 0;
  }
}

/** Upstream error texts may carry NUL or lone surrogates, which Postgres refuses. */
function storableAttempts(attempts: AttemptLog[]): AttemptLog[] {
  if (attempts.every((a) => a.error === undefined)) return attempts;
  return attempts.map((a) => (a.error === undefined ? a : Object.assign({}, a, { error: storableText(a.error) })));
}

export function finalizeEmbeddings(o: EmbeddingsOutcome): void {
  const { req, key, parsed, body } = o.call;
  req.logged = true; // this request's row is queued below: the router's refusal log adds none
  const latencyMs = performance.now() - req.startedAt;
  const delivered = o.status === 200;
  const inputTokens = delivered ? (o.providerTokens ?? o.size.exact()) : 0;
  const errorClass = o.error ? errorClassOf(o.error) : null;
  const keep = !key.zeroRetention;
  const request = keep ? sanitizeLogBody(body) : NOT_STORED;
  // A failed call stores the error it was answered (nothing only when the client went away).
  const answered = o.responseBody ?? (o.error === null || o.status === 499 ? null
    : errorBody(toClientError(o.error, o.link.model.provider), "openai"));
  const response = keep ? sanitizeLogBody(answered) : NOT_STORED;
  const byok = o.link.byok === true;
  const { charged } = settleRequest({
    reservation: o.reservation,
    price: o.link.price,
    usage: delivered ? { prompt_tokens: inputTokens, completion_tokens: 0 } : null,
    byok,
    log: {
      id: req.requestId,
      userId: key.userId,
      apiKeyId: key.keyId,
      createdAt: new Date(Date.now() - latencyMs),
      endpoint: "embeddings",
      requestedModel: storableText(parsed.models[0]!),
      resolvedModel: delivered ? o.link.model.id : null,
      provider: delivered ? o.link.model.provider : null,
      status: o.status,
      errorClass,
      errorMessage: o.error instanceof Error ? storableText(o.error.message.slice(0, 500)) : null,
      stream: false,
      byok: delivered && byok,
      inputTokens,
      outputTokens: 0,
      cachedTokens: 0,
      usageSource: !delivered ? "none" : o.providerTokens !== null ? "provider" : "estimated",
      latencyMs,
      ttftMs: null,
      attempts: storableAttempts(o.attempts),
      requestBody: request.value,
      responseBody: response.value,
      requestBytes: requestBytes(req.header("content-length"), body),
      bodyTruncated: request.truncated || response.truncated,
      costUnits: 0n, reservedUnits: 0n, price: null, // billing fills these in
    },
  });
  recordChatMetrics({
    provider: o.link.model.provider, model: o.link.model.id, status: o.status, errorClass, latencyMs, ttftMs: null,
    inputTokens, outputTokens: 0, costUnits: charged,
  });
}
