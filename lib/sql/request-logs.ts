// request_logs as the dashboard reads them (one log, a page of the explorer, the data
// export) and the account's "purge my logs". Rows are written by charges.ts. Every read is
// scoped to the account: another account's id reads like a missing one.
import { inTransaction } from "@/lib/sql/executor";
import { definedCommand, definedQuery, dynamicQuery } from "@/lib/sql/query";
import { bigintText, bool, date, int, intOrNull, json, str, strOrNull, type Row } from "@/lib/sql/rows";

export type LogDetailRow = {
  id: string; createdAt: Date; endpoint: string; requestedModel: string; resolvedModel: string | null;
  provider: string | null; status: number; errorClass: string | null; errorMessage: string | null;
  stream: boolean; byok: boolean; inputTokens: number; outputTokens: number; cachedTokens: number;
  usageSource: string; costUnits: string; reservedUnits: string; price: unknown; latencyMs: number;
  ttftMs: number | null; attempts: unknown; apiKeyId: string | null; requestBody: unknown; responseBody: unknown;
  requestBytes: number; bodyTruncated: boolean;
  /** How many refused calls the row stands for (rate-limit refusals of a minute); 1 for every other row. */
  refusedCount: number; requestClass: string | null;
};

const detail = definedQuery<[id: string, userId: string], LogDetailRow>({
  name: "request_log_detail",
  text: `SELECT id, created_at AT TIME ZONE 'UTC' AS created_at, endpoint, requested_model, resolved_model, provider,
       status, error_class, error_message, stream, byok, input_tokens, output_tokens, cached_tokens, usage_source,
       cost_units::text, reserved_units::text, price, latency_ms, ttft_ms, attempts, api_key_id, request_body, response_body,
       request_bytes, body_truncated, refused_count, request_class
     FROM request_logs WHERE id = $1 AND user_id = $2`,
  parse: (r) => ({
    id: str(r, "id"), createdAt: date(r, "created_at"), endpoint: str(r, "endpoint"), requestedModel: str(r, "requested_model"),
    resolvedModel: strOrNull(r, "resolved_model"), provider: strOrNull(r, "provider"), status: int(r, "status"),
    errorClass: strOrNull(r, "error_class"), errorMessage: strOrNull(r, "error_message"), stream: bool(r, "stream"),
    byok: bool(r, "byok"), inputTokens: int(r, "input_tokens"), outputTokens: int(r, "output_tokens"),
    cachedTokens: int(r, "cached_tokens"), usageSource: str(r, "usage_source"), costUnits: bigintText(r, "cost_units"),
    reservedUnits: bigintText(r, "reserved_units"), price: json(r, "price"), latencyMs: int(r, "latency_ms"),
    ttftMs: intOrNull(r, "ttft_ms"), attempts: json(r, "attempts"), apiKeyId: strOrNull(r, "api_key_id"),
    requestBody: json(r, "request_body"), responseBody: json(r, "response_body"),
    requestBytes: int(r, "request_bytes"), bodyTruncated: bool(r, "body_truncated"),
    refusedCount: int(r, "refused_count"), requestClass: strOrNull(r, "request_class"),
  }),
});

/** The account's log `id` with everything the detail view shows, or null. */
export function requestLogDetail(userId: string, id: string): Promise<LogDetailRow | null> {
  return detail.first([id, userId]);
}

export type LogListRow = {
  id: string; createdAt: Date; endpoint: string; requestedModel: string; resolvedModel: string | null;
  provider: string | null; status: number; errorClass: string | null; stream: boolean;
  inputTokens: number; outputTokens: number; cachedTokens: number; usageSource: string;
  costUnits: string; latencyMs: number; ttftMs: number | null; apiKeyId: string | null; attemptCount: number;
  /** An orchestration call's own row (its sub-calls name it in parentId). */
  isParent: boolean; parentId: string | null;
};

const parseListRow = (r: Row): LogListRow => ({
  id: str(r, "id"), createdAt: date(r, "created_at"), endpoint: str(r, "endpoint"), requestedModel: str(r, "requested_model"),
  resolvedModel: strOrNull(r, "resolved_model"), provider: strOrNull(r, "provider"), status: int(r, "status"),
  errorClass: strOrNull(r, "error_class"), stream: bool(r, "stream"), inputTokens: int(r, "input_tokens"),
  outputTokens: int(r, "output_tokens"), cachedTokens: int(r, "cached_tokens"), usageSource: str(r, "usage_source"),
  costUnits: bigintText(r, "cost_units"), latencyMs: int(r, "latency_ms"), ttftMs: intOrNull(r, "ttft_ms"),
  apiKeyId: strOrNull(r, "api_key_id"), attemptCount: int(r, "attempt_count"),
  isParent: bool(r, "is_parent"), parentId: strOrNull(r, "parent_id"),
});

/** The explorer's filters, validated (lib/usage/list-logs.ts). */
export type LogListQuery = {
  key?: string; provider?: string; status?: "ok" | "error" | number; stream?: boolean;
  /** live | test (test-mode keys). */
  mode?: "live" | "test";
  from: Date | null; to: Date | null;
  /** Request id or its beginning. */
  idPrefix?: string;
  /** Keyset cursor: rows strictly older than this (created_at, id). */
  before: { createdAt: Date; id: string } | null;
  model?: string;
  limit: number;
};

/** Smallest string greater than every string starting with `prefix` (ASCII ids). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

// Each filter maps to an index that starts with user_id (migration 20261126020100_usage), so
// the clauses present decide the plan: the text is built per call.
/** Up to `q.limit` of the account's logs, newest first. */
export function requestLogPage(userId: string, q: LogListQuery): Promise<LogListRow[]> {
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
  if (q.key) add("api_key_id = ?", q.key);
  if (q.provider) add("provider = ?", q.provider);
  if (q.status === "ok") add("status < 400");
  else if (q.status === "error") add("status >= 400");
  else if (typeof q.status === "number") add("status = ?", q.status);
  if (q.stream !== undefined) add("stream = ?", q.stream);
  // A literal, so "test" matches the partial index of test-mode rows (migration 20261206160300_log_retention).
  if (q.mode) where.push(q.mode === "test" ? "mode = 'test'" : "mode = 'live'");
  if (q.from) add("created_at >= ?", q.from.toISOString());
  if (q.to) add("created_at < ?", q.to.toISOString());
  // text_pattern_ops operators so the (user_id, id text_pattern_ops) index serves prefixes.
  if (q.idPrefix) add("id ~>=~ ? AND id ~<~ ?", q.idPrefix, prefixEnd(q.idPrefix));
  if (q.before) add("(created_at, id) < (?, ?)", q.before.createdAt.toISOString(), q.before.id);
  params.push(q.limit);
  const limit = `$${params.length}`;
  const select = (extra: string) => `SELECT id, created_at AT TIME ZONE 'UTC' AS created_at, endpoint, requested_model,
       resolved_model, provider, status, error_class, stream, input_tokens, output_tokens, cached_tokens, usage_source,
       cost_units::text, latency_ms, ttft_ms, api_key_id, jsonb_array_length(attempts) AS attempt_count, is_parent, parent_id
     FROM request_logs WHERE ${[...where, ...extra ? [extra] : []].join(" AND ")}
     ORDER BY request_logs.created_at DESC, id DESC LIMIT ${limit}`;
  let sql = select("");
  if (q.model) {
    // A model matches the rows it served and the failed requests that asked for it. Two
    // ordered index scans (the second on a small partial index) merged, each stopping early.
    params.push(q.model);
    const m = `$${params.length}`;
    sql = `SELECT * FROM ((${select(`resolved_model = ${m}`)}) UNION ALL
      (${select(`resolved_model IS NULL AND requested_model = ${m}`)})) x ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
  }
  return dynamicQuery("request_log_page", sql, params, parseListRow);
}

/** A log as the data export writes it: every column but user_id, as JSON. */
export type ExportRow = { at: string; id: string; row: unknown };

const EXPORT = `SELECT to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at, id, to_jsonb(l) - 'user_id' AS row FROM request_logs l
  WHERE user_id = $1`;
const parseExport = (r: Row): ExportRow => ({ at: str(r, "at"), id: str(r, "id"), row: json(r, "row") });
const exportFirst = definedQuery<[userId: string, limit: number], ExportRow>({
  name: "request_log_export_first", text: `${EXPORT} ORDER BY created_at, id LIMIT $2`, parse: parseExport,
});
const exportAfter = definedQuery<[userId: string, limit: number, at: string, id: string], ExportRow>({
  name: "request_log_export_after", text: `${EXPORT} AND (created_at, id) > ($3::timestamp, $4) ORDER BY created_at, id LIMIT $2`, parse: parseExport,
});

/** The next `limit` logs, oldest first, after the last row of the previous batch (`at`, `id`). */
export function requestLogsForExport(userId: string, limit: number, after: { at: string; id: string } | null): Promise<ExportRow[]> {
  return after ? exportAfter.all([userId, limit, after.at, after.id]) : exportFirst.all([userId, limit]);
}

const purgeLogs = definedCommand<[userId: string]>({ name: "request_logs_purge", text: "DELETE FROM request_logs WHERE user_id = $1" });
const purgeRollups = (["usage_rollups", "latency_rollups", "usage_rollups_daily", "latency_rollups_daily", "usage_class_rollups_daily"] as const)
  .map((table) => definedCommand<[userId: string]>({ name: `${table}_purge`, text: `DELETE FROM ${table} WHERE user_id = $1` }));

/** Deletes every request log of the account and the rollups built from them, in one transaction; counts the logs. */
export function purgeRequestLogs(userId: string): Promise<number> {
  return inTransaction(async (sql) => {
    const deleted = await purgeLogs.run([userId], sql);
    for (const rollup of purgeRollups) await rollup.run([userId], sql);
    return deleted;
  });
}
