// GET /requests (cursor-paginated, newest first) and GET /requests/{id}, for the key's account.
import { z } from "zod";
import { moneyFields } from "@/lib/billing/money";
import { AppError } from "@/lib/errors";
import { hasNul, pgText } from "@/lib/pg-text";
import { authenticate } from "@/lib/gateway/authenticate";
import { sendJson } from "@/lib/gateway/http/respond";
import { findApiRequest, listApiRequests } from "@/lib/usage/api-requests";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { RequestLog } from "@/lib/generated/prisma/client";

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  // Opaque cursor = the last id of the previous page.
  after: pgText().max(100).optional(),
  model: pgText().max(200).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
});

function toApi(r: RequestLog, detail: boolean) {
  const base = {
    id: r.id, object: "request", created_at: r.createdAt.toISOString(), endpoint: r.endpoint,
    requested_model: r.requestedModel, resolved_model: r.resolvedModel, provider: r.provider,
    status: r.status, error_class: r.errorClass, stream: r.stream, byok: r.byok, mode: r.mode,
    // Orchestration: a call's own row (is_parent) and its sub-calls (parent_id).
    is_parent: r.isParent, parent_id: r.parentId,
    usage: { input_tokens: r.inputTokens, output_tokens: r.outputTokens, cached_tokens: r.cachedTokens, source: r.usageSource },
    ...moneyFields("cost", r.costUnits), latency_ms: r.latencyMs, ttft_ms: r.ttftMs, api_key_id: r.apiKeyId,
    // lib/routing/auto/classify.ts (null: not classified); refused_count: calls this row stands
    // for (a key's rate-limit refusals of one minute are one row; 1 for every other row).
    request_class: r.requestClass, refused_count: r.refusedCount,
  };
  if (!detail) return base;
  return { ...base, error_message: r.errorMessage, price: r.price, attempts: r.attempts,
    ...moneyFields("reserved", r.reservedUnits), request_body: r.requestBody, response_body: r.responseBody,
    request_bytes: r.requestBytes, body_truncated: r.bodyTruncated };
}

export async function listRequests(req: ApiRequest, res: ApiResponse): Promise<void> {
  const key = await authenticate(req, res);
  const q = listQuery.safeParse(Object.fromEntries(req.query));
  if (!q.success) {
    const issue = q.error.issues[0]!;
    throw new AppError("invalid_request", `Invalid query parameter '${String(issue.path[0])}': ${issue.message}`, String(issue.path[0]));
  }
  const page = await listApiRequests(key.userId, q.data);
  if (!page) throw new AppError("invalid_request", "Unknown cursor in 'after'.", "after");
  sendJson(res, 200, {
    object: "list", data: page.rows.map((r) => toApi(r, false)), has_more: page.hasMore,
    next_cursor: page.hasMore ? page.rows[page.rows.length - 1]!.id : null,
  });
}

export async function getRequest(req: ApiRequest, res: ApiResponse, { id }: { id: string }): Promise<void> {
  const key = await authenticate(req, res);
  const row = hasNul(id) ? null : await findApiRequest(key.userId, id);
  // Another account's id answers exactly like a missing one.
  if (!row) throw new AppError("not_found", `No request '${id}' in this account.`);
  sendJson(res, 200, toApi(row, true));
}
