// The usage page's and CSV export's rows (day × model × provider × key) and one grouping of
// them, from the daily rollups. The WHERE clauses follow the optional filters (each filter
// narrows an index range), so the text is built per call (dynamicQuery).
import { dynamicQuery } from "@/lib/sql/query";
import { bigint, int, safeInt, str, type Row } from "@/lib/sql/rows";

export type UsageRowFilters = { model?: string; provider?: string; key?: string };
export type UsageGroupColumn = "day" | "model" | "provider" | "key";

export type UsageDbRow = {
  day: string; model: string; provider: string; apiKeyId: string; requests: number; errors: number;
  input: number; output: number; cached: number; cost: bigint;
};
export type UsageGroupRow = { label: string; requests: number; errors: number; input: number; output: number; cost: bigint };

function whereFor(userId: string, start: Date, end: Date, f: UsageRowFilters) {
  const where = ["user_id = $1", "day >= $2", "day < $3"];
  const params: unknown[] = [userId, start.toISOString(), end.toISOString()];
  if (f.model) { params.push(f.model); where.push(`model = $${params.length}`); }
  if (f.provider) { params.push(f.provider); where.push(`provider = $${params.length}`); }
  if (f.key) { params.push(f.key); where.push(`api_key_id = $${params.length}`); }
  return { where: where.join(" AND "), params };
}

const SELECT_ROWS = `to_char(day, 'YYYY-MM-DD') AS day, model, provider, api_key_id,
  sum(requests)::int AS requests, sum(errors)::int AS errors, sum(input_tokens)::text AS input,
  sum(output_tokens)::text AS output, sum(cached_tokens)::text AS cached, sum(cost_units)::text AS cost`;

const parseRow = (r: Row): UsageDbRow => ({
  day: str(r, "day"), model: str(r, "model"), provider: str(r, "provider"), apiKeyId: str(r, "api_key_id"),
  requests: int(r, "requests"), errors: int(r, "errors"), input: safeInt(r, "input"), output: safeInt(r, "output"),
  cached: safeInt(r, "cached"), cost: bigint(r, "cost"),
});

/** A batch of rows after the given sort key (newest day first, then model, provider, key). */
export async function usageRowsAfter(
  userId: string, start: Date, end: Date, f: UsageRowFilters, after: readonly [string, string, string, string] | null, limit: number,
): Promise<UsageDbRow[]> {
  const { where, params } = whereFor(userId, start, end, f);
  let having = "";
  if (after) {
    params.push(...after);
    const n = params.length;
    having = `HAVING (to_char(day, 'YYYY-MM-DD') < $${n - 3}) OR
      (to_char(day, 'YYYY-MM-DD') = $${n - 3} AND (model, provider, api_key_id) > ($${n - 2}, $${n - 1}, $${n}))`;
  }
  params.push(limit);
  return dynamicQuery("usage_rows_batch", `SELECT ${SELECT_ROWS} FROM usage_rollups_daily WHERE ${where}
     GROUP BY 1, 2, 3, 4 ${having} ORDER BY 1 DESC, 2, 3, 4 LIMIT $${params.length}`, params, parseRow);
}

/** The first `limit` rows and how many there are in all (a window over the grouped result). */
export async function firstUsageRows(userId: string, start: Date, end: Date, f: UsageRowFilters, limit: number): Promise<{ rows: UsageDbRow[]; total: number }> {
  const { where, params } = whereFor(userId, start, end, f);
  const rows = await dynamicQuery("usage_rows_first", `SELECT ${SELECT_ROWS}, (count(*) OVER ())::int AS total
     FROM usage_rollups_daily WHERE ${where} GROUP BY 1, 2, 3, 4 ORDER BY 1 DESC, 2, 3, 4 LIMIT ${Math.trunc(limit)}`,
  params, (r) => ({ row: parseRow(r), total: int(r, "total") }));
  return { rows: rows.map((x) => x.row), total: rows[0]?.total ?? 0 };
}

const GROUP_COLUMN: Record<UsageGroupColumn, string> = { day: "to_char(day, 'YYYY-MM-DD')", model: "model", provider: "provider", key: "api_key_id" };

/** Totals per day, model, provider or key (days newest first, the others by spend); at most 500. */
export function usageGroups(userId: string, start: Date, end: Date, f: UsageRowFilters, group: UsageGroupColumn): Promise<UsageGroupRow[]> {
  const { where, params } = whereFor(userId, start, end, f);
  const order = group === "day" ? "1 DESC" : "sum(cost_units) DESC, sum(requests) DESC";
  return dynamicQuery("usage_groups", `SELECT ${GROUP_COLUMN[group]} AS label, sum(requests)::int AS requests,
       sum(errors)::int AS errors, sum(input_tokens)::text AS input, sum(output_tokens)::text AS output, sum(cost_units)::text AS cost
     FROM usage_rollups_daily WHERE ${where} GROUP BY 1 ORDER BY ${order} LIMIT 500`, params,
  (r) => ({ label: str(r, "label"), requests: int(r, "requests"), errors: int(r, "errors"), input: safeInt(r, "input"), output: safeInt(r, "output"), cost: bigint(r, "cost") }));
}
