// The client call's own request-log row for a multi-model orchestration call: `is_parent`,
// no tokens and no cost of its own (its sub-calls' rows carry them, naming it in `parent_id`;
// the rollups skip it). Written through billing's charge writer as a log-only entry (charge 0),
// after the response like every row.
import { enqueueCharge } from "@/lib/billing/settlement/charge-writer";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { sanitizeLogBody, storableText } from "@/lib/observability/log-body";
import type { RequestLogRow } from "@/lib/observability/request-log";
import { errorClassOf } from "@/lib/gateway/chat/upstream-errors";
import type { OrchestrationMode } from "@/lib/orchestration/events";

export type ParentOutcome = {
  id: string;
  key: CachedKey;
  mode: OrchestrationMode;
  /** What the sub-calls asked for, in request order. */
  models: string[];
  status: number;
  error: unknown;
  stream: boolean;
  latencyMs: number;
  /** From the request's arrival to the first byte of an answer; null when none came. */
  ttftMs: number | null;
  body: unknown;
  /** The client's raw JSON text of `body`, when the door kept it (stored as is: log-body.ts). */
  bodyText?: string;
  requestBytes: number;
  /** A short summary stored as the row's response body (sub-calls keep their own). */
  summary: unknown;
};

export function writeParentLog(p: ParentOutcome): void {
  const keep = !p.key.zeroRetention;
  const request = keep ? sanitizeLogBody(p.body, p.bodyText) : { value: null, truncated: false };
  const response = keep ? sanitizeLogBody(p.summary) : { value: null, truncated: false };
  const log: RequestLogRow = {
    id: p.id, userId: p.key.userId, apiKeyId: p.key.keyId, createdAt: new Date(Date.now() - p.latencyMs),
    endpoint: p.mode, requestedModel: storableText(p.models.join(",")).slice(0, 200), resolvedModel: null, provider: null,
    status: p.status, errorClass: p.error ? errorClassOf(p.error) : null,
    errorMessage: p.error instanceof Error ? storableText(p.error.message.slice(0, 500)) : null,
    stream: p.stream, byok: false, inputTokens: 0, outputTokens: 0, cachedTokens: 0, usageSource: "none",
    costUnits: 0n, reservedUnits: 0n, price: null, latencyMs: p.latencyMs, ttftMs: p.ttftMs, attempts: [],
    requestBody: request.value, responseBody: response.value, requestBytes: p.requestBytes,
    bodyTruncated: request.truncated || response.truncated, mode: p.key.mode, parentId: null, isParent: true,
    source: p.key.source,
  };
  enqueueCharge({ log, charge: 0n });
}
