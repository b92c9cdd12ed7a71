// One page of an account's request logs, newest first, keyset-paginated on (created_at, id).
// The statement (one index per filter): lib/sql/request-logs.ts.
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, parseInstant, type LogFilters } from "@/lib/usage/log-filters";
import { requestLogPage, type LogListRow } from "@/lib/sql/request-logs";

export type LogRow = {
  id: string; createdAt: string; endpoint: string; requestedModel: string; resolvedModel: string | null;
  provider: string | null; status: number; errorClass: string | null; stream: boolean;
  inputTokens: number; outputTokens: number; cachedTokens: number; usageSource: string;
  costUnits: string; latencyMs: number; ttftMs: number | null; apiKeyId: string | null; attemptCount: number;
  /** An orchestration call's own row; parentId: a sub-call's client call. */
  isParent: boolean; parentId: string | null;
};

export type LogPage = { data: LogRow[]; nextCursor: string | null };

export async function listLogs(userId: string, f: LogFilters): Promise<LogPage> {
  const from = parseInstant(f.from, "from");
  const to = parseInstant(f.to, "to");
  if (from && to && from >= to) throw new AppError("invalid_request", "'from' must be before 'to'.", "from");
  const rows = await requestLogPage(userId, {
    key: f.key, provider: f.provider, status: f.status, stream: f.stream, mode: f.mode, from, to, idPrefix: f.q,
    before: f.cursor ? decodeCursor(f.cursor) : null, model: f.model, limit: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toLogRow),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

function toLogRow(r: LogListRow): LogRow {
  return { ...r, createdAt: r.createdAt.toISOString() };
}
