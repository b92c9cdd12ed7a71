// One request log with everything the detail view shows; another account's id is a 404.
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hasNul } from "@/lib/pg-text";
import { formatUsd } from "@/lib/billing/money";
import { keyLabels, type KeyLabel } from "@/lib/usage/key-labels";

export type LogDetail = {
  id: string; createdAt: string; endpoint: string; requestedModel: string; resolvedModel: string | null;
  provider: string | null; status: number; errorClass: string | null; errorMessage: string | null;
  stream: boolean; byok: boolean; inputTokens: number; outputTokens: number; cachedTokens: number;
  usageSource: string; costUnits: string; cost: string; reservedUnits: string; price: unknown;
  latencyMs: number; ttftMs: number | null; attempts: unknown; apiKey: (KeyLabel & { id: string }) | null;
  /** Response headers we sent that are safe to show (never the caller's auth headers). */
  headers: Record<string, string>;
  /** False when the account had zero retention on: bodies were never stored. */
  bodiesStored: boolean;
  requestBody: unknown; responseBody: unknown;
  /** The raw request size; whether a stored body was cut to the storage limits (log-body.ts). */
  requestBytes: number; bodyTruncated: boolean;
};

type DbRow = {
  id: string; created_at: Date; endpoint: string; requested_model: string; resolved_model: string | null;
  provider: string | null; status: number; error_class: string | null; error_message: string | null;
  stream: boolean; byok: boolean; input_tokens: number; output_tokens: number; cached_tokens: number;
  usage_source: string; cost_units: string; reserved_units: string; price: unknown; latency_ms: number;
  ttft_ms: number | null; attempts: unknown; api_key_id: string | null; request_body: unknown; response_body: unknown;
  request_bytes: number; body_truncated: boolean;
};

export async function getLog(userId: string, id: string): Promise<LogDetail> {
  if (id.length > 100 || hasNul(id)) throw new AppError("not_found", "No such request in this account.");
  const { rows } = await pool().query<DbRow>(
    `SELECT id, created_at AT TIME ZONE 'UTC' AS created_at, endpoint, requested_model, resolved_model, provider,
       status, error_class, error_message, stream, byok, input_tokens, output_tokens, cached_tokens, usage_source,
       cost_units::text, reserved_units::text, price, latency_ms, ttft_ms, attempts, api_key_id, request_body, response_body,
       request_bytes, body_truncated
     FROM request_logs WHERE id = $1 AND user_id = $2`, [id, userId]);
  const r = rows[0];
  // Same answer for another account's id as for a missing one.
  if (!r) throw new AppError("not_found", "No such request in this account.");
  const label = r.api_key_id ? (await keyLabels(userId, [r.api_key_id]))(r.api_key_id) : null;
  const headers: Record<string, string> = { "x-request-id": r.id };
  if (r.resolved_model) headers["x-switchyard-model"] = r.resolved_model;
  if (r.provider) headers["x-switchyard-provider"] = r.provider;
  headers["content-type"] = r.stream ? "text/event-stream" : "application/json";
  return {
    id: r.id, createdAt: r.created_at.toISOString(), endpoint: r.endpoint, requestedModel: r.requested_model,
    resolvedModel: r.resolved_model, provider: r.provider, status: r.status, errorClass: r.error_class,
    errorMessage: r.error_message, stream: r.stream, byok: r.byok, inputTokens: r.input_tokens,
    outputTokens: r.output_tokens, cachedTokens: r.cached_tokens, usageSource: r.usage_source,
    costUnits: r.cost_units, cost: formatUsd(BigInt(r.cost_units)), reservedUnits: r.reserved_units, price: r.price,
    latencyMs: r.latency_ms, ttftMs: r.ttft_ms, attempts: r.attempts,
    apiKey: r.api_key_id && label ? { id: r.api_key_id, ...label } : null,
    headers, bodiesStored: r.request_body !== null || r.response_body !== null,
    requestBody: r.request_body, responseBody: r.response_body,
    requestBytes: r.request_bytes, bodyTruncated: r.body_truncated,
  };
}
