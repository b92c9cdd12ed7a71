// A request log row: what one API request did, as /v1/requests and the dashboard read it.
// Pure data — this module says what a row holds and how it maps onto request_logs' columns.
// Rows are written by billing's charge writer (lib/billing/settlement/charge-writer.ts), in
// the same statement as the request's charge, so a log and its charge exist together or not
// at all; observability records what billing tells it and never moves money.
import { storableText } from "@/lib/observability/log-body";

export type AttemptLog = {
  model: string;
  provider: string;
  status: number | null;
  error?: string;
  latencyMs: number;
  ttftMs?: number;
};

/** Where a request came from: the API, the dashboard playground (its hidden key), or a replay. */
export type RequestSource = "api" | "playground" | "replay";

export type RequestLogRow = {
  id: string;
  userId: string;
  apiKeyId: string | null;
  createdAt: Date;
  endpoint: string;
  requestedModel: string;
  resolvedModel: string | null;
  provider: string | null;
  status: number;
  errorClass: string | null;
  errorMessage: string | null;
  stream: boolean;
  byok: boolean;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  usageSource: "provider" | "estimated" | "none";
  /** What the request was charged (units), markup included. */
  costUnits: bigint;
  /** The worst case it reserved. */
  reservedUnits: bigint;
  /** The price it was billed at (the catalog snapshot and the markup), as JSON. */
  price: unknown;
  latencyMs: number;
  ttftMs: number | null;
  attempts: AttemptLog[];
  /** Stored as given: sanitise first (lib/observability/log-body.ts). */
  requestBody: unknown;
  responseBody: unknown;
  /** The raw request body's size in bytes (0 when unknown). */
  requestBytes?: number;
  /** A stored body was cut to the storage limits, or dropped because it could not be stored. */
  bodyTruncated?: boolean;
  /** The key's mode (live | test); live when absent. */
  mode?: "live" | "test";
  /** An orchestration sub-call: the id of its client call's row. */
  parentId?: string | null;
  /** An orchestration client call's own row: no tokens or cost (its sub-calls carry them); rollups skip it. */
  isParent?: boolean;
  /** What kind of request it was (lib/routing/auto/classify.ts: code, math, quick_chat, …); null = not classified. */
  requestClass?: string | null;
  /** api when absent (request_logs.source). */
  source?: RequestSource;
  /**
   * How many refused calls this row stands for (1 when absent): the rate limits' refusals of
   * one key in one minute are one row (lib/gateway/refusals/refusal-tally.ts); rollups add it.
   */
  refusedCount?: number;
};

/** request_logs column → SQL type, in the order a writer lists them. */
export const REQUEST_LOG_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ["id", "text"], ["user_id", "text"], ["api_key_id", "text"], ["created_at", "timestamp(3)"], ["endpoint", "text"],
  ["requested_model", "text"], ["resolved_model", "text"], ["provider", "text"], ["status", "integer"],
  ["error_class", "text"], ["error_message", "text"], ["stream", "boolean"], ["byok", "boolean"],
  ["input_tokens", "integer"], ["output_tokens", "integer"], ["cached_tokens", "integer"], ["usage_source", "text"],
  ["cost_units", "bigint"], ["reserved_units", "bigint"], ["price", "jsonb"], ["latency_ms", "integer"],
  ["ttft_ms", "integer"], ["attempts", "jsonb"], ["request_body", "jsonb"], ["response_body", "jsonb"],
  ["request_bytes", "integer"], ["body_truncated", "boolean"], ["mode", "text"], ["parent_id", "text"], ["is_parent", "boolean"],
  ["request_class", "text"], ["source", "text"], ["refused_count", "integer"],
];

/** One row as JSON for jsonb_to_recordset (keys = column names; JSON null = SQL NULL). */
export function requestLogRecord(r: RequestLogRow): Record<string, unknown> {
  return {
    id: r.id, user_id: r.userId, api_key_id: r.apiKeyId, created_at: r.createdAt.toISOString(), endpoint: r.endpoint,
    requested_model: r.requestedModel, resolved_model: r.resolvedModel, provider: r.provider, status: r.status,
    error_class: r.errorClass, error_message: r.errorMessage, stream: r.stream, byok: r.byok,
    input_tokens: r.inputTokens, output_tokens: r.outputTokens, cached_tokens: r.cachedTokens,
    usage_source: r.usageSource, cost_units: r.costUnits.toString(), reserved_units: r.reservedUnits.toString(),
    price: r.price ?? null, latency_ms: Math.round(r.latencyMs), ttft_ms: r.ttftMs === null ? null : Math.round(r.ttftMs),
    attempts: r.attempts, request_body: r.requestBody ?? null, response_body: r.responseBody ?? null,
    request_bytes: r.requestBytes ?? 0, body_truncated: r.bodyTruncated ?? false,
    mode: r.mode ?? "live", parent_id: r.parentId ?? null, is_parent: r.isParent ?? false,
    request_class: r.requestClass ?? null, source: r.source ?? "api", refused_count: r.refusedCount ?? 1,
  };
}

/**
 * A row's record (requestLogRecord) with what a row-specific database error can come from
 * cleared (bodies, attempts, unsanitised texts), keeping every field billing and the
 * dashboard's totals need. On the record, not the row: the charge writer keeps rows as text.
 */
export function recordWithoutBodies(r: Record<string, unknown>): Record<string, unknown> {
  const message = r.error_message;
  return Object.assign({}, r, {
    request_body: null, response_body: null, body_truncated: true, attempts: [],
    requested_model: storableText(String(r.requested_model ?? "")).slice(0, 200),
    error_message: message === null || message === undefined ? null : storableText(String(message)).slice(0, 500),
  });
}
