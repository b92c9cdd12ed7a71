// One request log with everything the detail view shows; another account's id is a 404.
import { AppError } from "@/lib/errors";
import { hasNul } from "@/lib/pg-text";
import { formatUsd } from "@/lib/billing/money";
import { keyLabels, type KeyLabel } from "@/lib/usage/key-labels";
import { requestLogDetail, type LogDetailRow } from "@/lib/sql/request-logs";
import { requestLogChildren, requestLogFamily, type LogChildRow } from "@/lib/sql/request-log-tree";

export type LogDetail = {
  id: string; createdAt: string; endpoint: string; requestedModel: string; resolvedModel: string | null;
  provider: string | null; status: number; errorClass: string | null; errorMessage: string | null;
  stream: boolean; byok: boolean; inputTokens: number; outputTokens: number; cachedTokens: number;
  usageSource: string; costUnits: string; cost: string; reservedUnits: string; price: unknown;
  latencyMs: number; ttftMs: number | null; attempts: unknown; apiKey: (KeyLabel & { id: string }) | null;
  /** Response headers we sent that are safe to show (never the caller's auth headers). */
  headers: Record<string, string>;
  /** False when no body was stored: zero retention, or the database refused them (bodyTruncated). */
  bodiesStored: boolean;
  requestBody: unknown; responseBody: unknown;
  /** Why a stored row has no request or response body, in words (never a bare null on the page). */
  requestNote: string | null; responseNote: string | null;
  /** How many refused calls the row stands for (a key's rate-limit refusals of one minute); 1 otherwise. */
  refusedCount: number; requestClass: string | null;
  /** The raw request size; whether a stored body was cut to the storage limits (log-body.ts). */
  requestBytes: number; bodyTruncated: boolean;
  /** Orchestration (lib/orchestration): a parent row and its sub-calls, or a sub-call's parent. */
  isParent: boolean; parentId: string | null; parentEndpoint: string | null; children: LogChild[];
};

export type LogChild = LogChildRow;

/** Why a row has no request body. */
function requestNote(r: LogDetailRow): string {
  if (r.refusedCount > 1) return `Not stored: this row counts ${r.refusedCount.toLocaleString("en-US")} refused calls; their bodies are not kept.`;
  if (r.status === 413) return "Not stored: the body was larger than the gateway accepts.";
  if (r.status >= 400 && r.requestBytes > 0) return "Not stored: the body could not be read as JSON.";
  return r.requestBytes === 0 ? "The request had no body." : "Not recorded for this request.";
}

/** Why a row has no response body. */
function responseNote(r: LogDetailRow): string {
  if (r.status === 499) return "No response: the client closed the connection before it was answered.";
  // Rows written before streamed answers and errors were stored (issue #18).
  return r.stream ? "Not recorded: streamed answers were not stored when this request was made."
    : "Not recorded for this request.";
}

export async function getLog(userId: string, id: string): Promise<LogDetail> {
  if (id.length > 100 || hasNul(id)) throw new AppError("not_found", "No such request in this account.");
  const r = await requestLogDetail(userId, id);
  // Same answer for another account's id as for a missing one.
  if (!r) throw new AppError("not_found", "No such request in this account.");
  const [labels, fam, children] = await Promise.all([
    r.apiKeyId ? keyLabels(userId, [r.apiKeyId]) : null, requestLogFamily(userId, id), requestLogChildren(userId, id),
  ]);
  const label = r.apiKeyId && labels ? labels(r.apiKeyId) : null;
  const headers: Record<string, string> = { "x-request-id": r.id };
  if (r.resolvedModel) headers["x-switchyard-model"] = r.resolvedModel;
  if (r.provider) headers["x-switchyard-provider"] = r.provider;
  headers["content-type"] = r.stream ? "text/event-stream" : "application/json";
  return {
    id: r.id, createdAt: r.createdAt.toISOString(), endpoint: r.endpoint, requestedModel: r.requestedModel,
    resolvedModel: r.resolvedModel, provider: r.provider, status: r.status, errorClass: r.errorClass,
    errorMessage: r.errorMessage, stream: r.stream, byok: r.byok, inputTokens: r.inputTokens,
    outputTokens: r.outputTokens, cachedTokens: r.cachedTokens, usageSource: r.usageSource,
    costUnits: r.costUnits, cost: formatUsd(BigInt(r.costUnits)), reservedUnits: r.reservedUnits, price: r.price,
    latencyMs: r.latencyMs, ttftMs: r.ttftMs, attempts: r.attempts,
    apiKey: r.apiKeyId && label ? { id: r.apiKeyId, ...label } : null,
    headers, bodiesStored: r.requestBody !== null || r.responseBody !== null,
    requestBody: r.requestBody, responseBody: r.responseBody,
    requestNote: r.requestBody === null ? requestNote(r) : null, responseNote: r.responseBody === null ? responseNote(r) : null,
    refusedCount: r.refusedCount, requestClass: r.requestClass,
    requestBytes: r.requestBytes, bodyTruncated: r.bodyTruncated,
    isParent: fam?.isParent ?? false, parentId: fam?.parentId ?? null, parentEndpoint: fam?.parentEndpoint ?? null, children,
  };
}
