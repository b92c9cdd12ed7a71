// One page of an account's request logs, newest first, keyset-paginated on (created_at, id).
// Each filter maps to an index that starts with user_id (migration 20261126020100_usage).
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, parseInstant, type LogFilters } from "@/lib/usage/log-filters";

export type LogRow = {
  id: string; createdAt: string; endpoint: string; requestedModel: string; resolvedModel: string | null;
  provider: string | null; status: number; errorClass: string | null; stream: boolean;
  inputTokens: number; outputTokens: number; cachedTokens: number; usageSource: string;
  costUnits: string; latencyMs: number; ttftMs: number | null; apiKeyId: string | null; attemptCount: number;
};

export type LogPage = { data: LogRow[]; nextCursor: string | null };

type DbRow = {
  id: string; created_at: Date; endpoint: string; requested_model: string; resolved_model: string | null;
  provider: string | null; status: number; error_class: string | null; stream: boolean; input_tokens: number;
  output_tokens: number; cached_tokens: number; usage_source: string; cost_units: string; latency_ms: number;
  ttft_ms: number | null; api_key_id: string | null; attempt_count: number;
};

/** Smallest string greater than every string starting with `prefix` (ASCII ids). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export async function listLogs(userId: string, f: LogFilters): Promise<LogPage> {
  const where = ["user_id = $1"];
  const params: unknown[] = [userId];
  const add = (sql: string, ...values: unknown[]) => {
    let s = sql;
    for (const v of values) {
      params.push(v);
      s = s.replace("?", `$${params.length}`);
    }
    where.push(s);
  };
  if (f.key) add("api_key_id = ?", f.key);
  if (f.provider) add("provider = ?", f.provider);
  if (f.status === "ok") add("status < 400");
  else if (f.status === "error") add("status >= 400");
  else if (typeof f.status === "number") add("status = ?", f.status);
  if (f.stream !== undefined) add("stream = ?", f.stream);
  const from = parseInstant(f.from, "from");
  const to = parseInstant(f.to, "to");
  if (from && to && from >= to) throw new AppError("invalid_request", "'from' must be before 'to'.", "from");
  if (from) add("created_at >= ?", from.toISOString());
  if (to) add("created_at < ?", to.toISOString());
  // text_pattern_ops operators so the (user_id, id text_pattern_ops) index serves prefixes.
  if (f.q) add("id ~>=~ ? AND id ~<~ ?", f.q, prefixEnd(f.q));
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    add("(created_at, id) < (?, ?)", c.createdAt.toISOString(), c.id);
  }
  params.push(f.limit + 1);
  const limit = `$${params.length}`;
  const select = (extra: string) => `SELECT id, created_at AT TIME ZONE 'UTC' AS created_at, endpoint, requested_model,
       resolved_model, provider, status, error_class, stream, input_tokens, output_tokens, cached_tokens, usage_source,
       cost_units::text, latency_ms, ttft_ms, api_key_id, jsonb_array_length(attempts) AS attempt_count
     FROM request_logs WHERE ${[...where, ...extra ? [extra] : []].join(" AND ")}
     ORDER BY request_logs.created_at DESC, id DESC LIMIT ${limit}`;
  let sql = select("");
  if (f.model) {
    // A model matches the rows it served and the failed requests that asked for it. Two
    // ordered index scans (the second on a small partial index) merged, each stopping early.
    params.push(f.model);
    const m = `$${params.length}`;
    sql = `SELECT * FROM ((${select(`resolved_model = ${m}`)}) UNION ALL
      (${select(`resolved_model IS NULL AND requested_model = ${m}`)})) x ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
  }
  const { rows } = await pool().query<DbRow>(sql, params);
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toLogRow),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

function toLogRow(r: DbRow): LogRow {
  return {
    id: r.id, createdAt: r.created_at.toISOString(), endpoint: r.endpoint, requestedModel: r.requested_model,
    resolvedModel: r.resolved_model, provider: r.provider, status: r.status, errorClass: r.error_class, stream: r.stream,
    inputTokens: r.input_tokens, outputTokens: r.output_tokens, cachedTokens: r.cached_tokens, usageSource: r.usage_source,
    costUnits: r.cost_units, latencyMs: r.latency_ms, ttftMs: r.ttft_ms, apiKeyId: r.api_key_id, attemptCount: r.attempt_count,
  };
}
