// Usage rows (day × model × provider × key) and totals grouped one way, from the daily rollups.
// The CSV export walks the same rows in keyset batches so it never holds them all.
import { pool } from "@/lib/db";
import { formatUsd } from "@/lib/billing/money";
import { keyLabels } from "@/lib/usage/key-labels";
import type { TimeRange } from "@/lib/usage/range";
import type { UsageFilters } from "@/lib/usage/usage-filters";

export type UsageRow = {
  day: string; model: string; provider: string; keyId: string; keyName: string;
  requests: number; errors: number; inputTokens: number; outputTokens: number; cachedTokens: number;
  costUnits: string; cost: string;
};

export type UsageGroup = { label: string; requests: number; errors: number; inputTokens: number; outputTokens: number; costUnits: string; cost: string };

type DbRow = {
  day: string; model: string; provider: string; api_key_id: string; requests: number; errors: number;
  input: string; output: string; cached: string; cost: string;
};

function whereFor(userId: string, r: TimeRange, f: Pick<UsageFilters, "model" | "provider" | "key">) {
  const where = ["user_id = $1", "day >= $2", "day < $3"];
  const params: unknown[] = [userId, r.start.toISOString(), r.end.toISOString()];
  if (f.model) { params.push(f.model); where.push(`model = $${params.length}`); }
  if (f.provider) { params.push(f.provider); where.push(`provider = $${params.length}`); }
  if (f.key) { params.push(f.key); where.push(`api_key_id = $${params.length}`); }
  return { where, params };
}

const SELECT_ROWS = `to_char(day, 'YYYY-MM-DD') AS day, model, provider, api_key_id,
  sum(requests)::int AS requests, sum(errors)::int AS errors, sum(input_tokens)::text AS input,
  sum(output_tokens)::text AS output, sum(cached_tokens)::text AS cached, sum(cost_units)::text AS cost`;

/** A batch of day×model×provider×key rows after the given sort key (newest day first). */
export async function usageRowsBatch(
  userId: string, r: TimeRange, f: UsageFilters, after: [string, string, string, string] | null, limit: number,
): Promise<DbRow[]> {
  const { where, params } = whereFor(userId, r, f);
  let having = "";
  if (after) {
    params.push(...after);
    const n = params.length;
    // Order: day DESC, then model, provider, key ascending.
    having = `HAVING (to_char(day, 'YYYY-MM-DD') < $${n - 3}) OR
      (to_char(day, 'YYYY-MM-DD') = $${n - 3} AND (model, provider, api_key_id) > ($${n - 2}, $${n - 1}, $${n}))`;
  }
  params.push(limit);
  const { rows } = await pool().query<DbRow>(
    `SELECT ${SELECT_ROWS} FROM usage_rollups_daily WHERE ${where.join(" AND ")}
     GROUP BY 1, 2, 3, 4 ${having} ORDER BY 1 DESC, 2, 3, 4 LIMIT $${params.length}`, params);
  return rows;
}

export async function toUsageRows(userId: string, rows: DbRow[]): Promise<UsageRow[]> {
  const label = await keyLabels(userId, [...new Set(rows.map((r) => r.api_key_id))]);
  return rows.map((r) => ({
    day: r.day, model: r.model, provider: r.provider, keyId: r.api_key_id, keyName: label(r.api_key_id).name,
    requests: r.requests, errors: r.errors, inputTokens: Number(r.input), outputTokens: Number(r.output),
    cachedTokens: Number(r.cached), costUnits: r.cost, cost: formatUsd(BigInt(r.cost)),
  }));
}

const GROUP_COLUMN = { day: "to_char(day, 'YYYY-MM-DD')", model: "model", provider: "provider", key: "api_key_id" } as const;

export type UsageBreakdown = {
  totals: Omit<UsageGroup, "label">;
  groups: UsageGroup[];
  rows: UsageRow[];
  /** True when there are more detail rows than shown: the CSV has them all. */
  truncated: boolean;
  /** Number of detail rows (what the CSV export contains). */
  rowCount: number;
};

const SHOWN_ROWS = 50;

export async function getUsageBreakdown(userId: string, r: TimeRange, f: UsageFilters): Promise<UsageBreakdown> {
  const { where, params } = whereFor(userId, r, f);
  const col = GROUP_COLUMN[f.group];
  const order = f.group === "day" ? "1 DESC" : "sum(cost_units) DESC, sum(requests) DESC";
  const [groups, rows] = await Promise.all([
    pool().query<{ label: string; requests: number; errors: number; input: string; output: string; cost: string }>(
      `SELECT ${col} AS label, sum(requests)::int AS requests, sum(errors)::int AS errors, sum(input_tokens)::text AS input,
         sum(output_tokens)::text AS output, sum(cost_units)::text AS cost
       FROM usage_rollups_daily WHERE ${where.join(" AND ")} GROUP BY 1 ORDER BY ${order} LIMIT 500`, params),
    // The first rows and, by a window over the grouped result, how many there are in all.
    pool().query<DbRow & { total: number }>(
      `SELECT ${SELECT_ROWS}, (count(*) OVER ())::int AS total FROM usage_rollups_daily WHERE ${where.join(" AND ")}
       GROUP BY 1, 2, 3, 4 ORDER BY 1 DESC, 2, 3, 4 LIMIT ${SHOWN_ROWS}`, params),
  ]);
  const label = f.group === "key" ? await keyLabels(userId, groups.rows.map((g) => g.label)) : null;
  let requests = 0, errors = 0, inputTokens = 0, outputTokens = 0, cost = 0n;
  const out = groups.rows.map((g) => {
    requests += g.requests; errors += g.errors; inputTokens += Number(g.input); outputTokens += Number(g.output);
    cost += BigInt(g.cost);
    return {
      label: label ? label(g.label).name : g.label || "—", requests: g.requests, errors: g.errors,
      inputTokens: Number(g.input), outputTokens: Number(g.output), costUnits: g.cost, cost: formatUsd(BigInt(g.cost)),
    };
  });
  return {
    totals: { requests, errors, inputTokens, outputTokens, costUnits: cost.toString(), cost: formatUsd(cost) },
    groups: out,
    rows: await toUsageRows(userId, rows.rows),
    truncated: (rows.rows[0]?.total ?? 0) > SHOWN_ROWS,
    rowCount: rows.rows[0]?.total ?? 0,
  };
}
