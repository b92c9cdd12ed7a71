// The dashboard's and GET /usage's aggregations over the rollup tables (usage_rollups[_daily],
// latency_rollups[_daily]; maintained by triggers on request_logs): a few thousand rows even
// for millions of requests. The per-filter breakdown is in usage-breakdown.ts.
import { ColumnTypeError, bigint, bool, date, int, numOrNull, safeInt, str, type Row } from "@/lib/sql/rows";
import { definedQuery } from "@/lib/sql/query";

export type SpendRow = { todayRequests: number; todayCost: bigint; monthRequests: number; monthCost: bigint };

const spend = definedQuery<[userId: string, monthStart: string, dayStart: string], SpendRow>({
  name: "usage_spend_summary",
  text: `SELECT COALESCE(sum(requests) FILTER (WHERE day >= $3), 0)::int AS today_requests,
       COALESCE(sum(cost_units) FILTER (WHERE day >= $3), 0)::text AS today_cost,
       COALESCE(sum(requests), 0)::int AS month_requests, COALESCE(sum(cost_units), 0)::text AS month_cost
     FROM usage_rollups_daily WHERE user_id = $1 AND day >= $2`,
  parse: (r) => ({
    todayRequests: int(r, "today_requests"), todayCost: bigint(r, "today_cost"),
    monthRequests: int(r, "month_requests"), monthCost: bigint(r, "month_cost"),
  }),
});

/** Requests and spend since `dayStart` and since `monthStart` (UTC midnights). */
export async function spendSince(userId: string, monthStart: Date, dayStart: Date): Promise<SpendRow> {
  const r = await spend.first([userId, monthStart.toISOString(), dayStart.toISOString()]);
  return r ?? { todayRequests: 0, todayCost: 0n, monthRequests: 0, monthCost: 0n };
}

// EXISTS on the rollups: constant time, unlike counting millions of logs.
const used = definedQuery<[userId: string], boolean>({
  name: "usage_has_requests",
  text: "SELECT EXISTS (SELECT 1 FROM usage_rollups_daily WHERE user_id = $1) AS used",
  parse: (r) => bool(r, "used"),
});

export async function hasUsage(userId: string): Promise<boolean> {
  return (await used.first([userId])) === true;
}

const models = definedQuery<[userId: string], string>({
  name: "usage_models", text: "SELECT DISTINCT model FROM usage_rollups_daily WHERE user_id = $1 ORDER BY 1", parse: (r) => str(r, "model"),
});
const providers = definedQuery<[userId: string], string>({
  name: "usage_providers",
  text: "SELECT DISTINCT provider FROM usage_rollups_daily WHERE user_id = $1 AND provider <> '' ORDER BY 1",
  parse: (r) => str(r, "provider"),
});

/** The models and providers the account has used, for the filter menus. */
export async function usedModelsAndProviders(userId: string): Promise<{ models: string[]; providers: string[] }> {
  const [m, p] = await Promise.all([models.all([userId]), providers.all([userId])]);
  return { models: m, providers: p };
}

export type DayModelRow = {
  day: string; model: string; requests: number; errors: number; input: number; output: number; cached: number; cost: bigint;
};

const DAY_MODEL = `SELECT to_char(day, 'YYYY-MM-DD') AS day, model, sum(requests)::int AS requests,
       sum(errors)::int AS errors, sum(input_tokens)::text AS input, sum(output_tokens)::text AS output,
       sum(cached_tokens)::text AS cached, sum(cost_units)::text AS cost
     FROM usage_rollups_daily WHERE user_id = $1 AND day >= $2 AND day < $3`;
const parseDayModel = (r: Row): DayModelRow => ({
  day: str(r, "day"), model: str(r, "model"), requests: int(r, "requests"), errors: int(r, "errors"),
  input: safeInt(r, "input"), output: safeInt(r, "output"), cached: safeInt(r, "cached"), cost: bigint(r, "cost"),
});
const dayModel = definedQuery<[userId: string, start: string, end: string], DayModelRow>({
  name: "usage_day_model", text: `${DAY_MODEL} GROUP BY 1, 2 ORDER BY 1, 2`, parse: parseDayModel,
});
const dayModelOf = definedQuery<[userId: string, start: string, end: string, model: string], DayModelRow>({
  name: "usage_day_model_of", text: `${DAY_MODEL} AND model = $4 GROUP BY 1, 2 ORDER BY 1, 2`, parse: parseDayModel,
});

/** One row per UTC day and model in [start, end), optionally one model only. */
export function usageByDayAndModel(userId: string, start: Date, end: Date, model?: string): Promise<DayModelRow[]> {
  const s = start.toISOString(), e = end.toISOString();
  return model ? dayModelOf.all([userId, s, e, model]) : dayModel.all([userId, s, e]);
}

type Sums = { requests: number; errors: number; cost: bigint; input: number; output: number };
/** One row of the overview's grouping sets: per bucket × model, per bucket × error class, per key. */
export type OverviewRow =
  | (Sums & { by: "model"; t: Date; model: string })
  | (Sums & { by: "error"; t: Date; errorClass: string })
  | (Sums & { by: "key"; apiKeyId: string });

// GROUPING() bits (1 = column rolled up), in argument order: bucket, model, error_class, key.
const BY_MODEL = 0b0011, BY_ERROR = 0b0101, BY_KEY = 0b1110;

function parseOverview(r: Row): OverviewRow {
  const sums: Sums = {
    requests: int(r, "requests"), errors: int(r, "errors"), cost: bigint(r, "cost"), input: safeInt(r, "input"), output: safeInt(r, "output"),
  };
  const grp = int(r, "grp");
  if (grp === BY_MODEL) return { by: "model", t: date(r, "t"), model: str(r, "model"), ...sums };
  if (grp === BY_ERROR) return { by: "error", t: date(r, "t"), errorClass: str(r, "error_class"), ...sums };
  if (grp === BY_KEY) return { by: "key", apiKeyId: str(r, "api_key_id"), ...sums };
  throw new ColumnTypeError("grp", "one of the three grouping sets", `grouping ${grp}`);
}

export type LatencyRow = { t: Date; metric: number; bucket: number; count: number };
const parseLatency = (r: Row): LatencyRow => ({ t: date(r, "t"), metric: int(r, "metric"), bucket: int(r, "bucket"), count: int(r, "count") });

/** The overview's two statements for one granularity (hourly tables, or the daily ones). */
function overviewStatements(g: "hour" | "day") {
  const [usage, latency, col] = g === "hour" ? ["usage_rollups", "latency_rollups", "hour"] : ["usage_rollups_daily", "latency_rollups_daily", "day"];
  const bucket = `date_trunc('${g}', ${col})`;
  return {
    // One scan of the rollups answers three groupings; the latency histograms come from their
    // own table in parallel.
    grouped: definedQuery<[userId: string, start: string, end: string], OverviewRow>({
      name: `usage_overview_${g}`,
      text: `SELECT (${bucket} AT TIME ZONE 'UTC') AS t, model, error_class, api_key_id,
         GROUPING(${bucket}, model, error_class, api_key_id) AS grp,
         sum(requests)::int AS requests, sum(errors)::int AS errors, sum(cost_units)::text AS cost,
         sum(input_tokens)::text AS input, sum(output_tokens)::text AS output
       FROM ${usage} WHERE user_id = $1 AND ${col} >= $2 AND ${col} < $3
       GROUP BY GROUPING SETS ((${bucket}, model), (${bucket}, error_class), (api_key_id))`,
      parse: parseOverview,
    }),
    latency: definedQuery<[userId: string, start: string, end: string], LatencyRow>({
      name: `usage_latency_${g}`,
      text: `SELECT (${bucket} AT TIME ZONE 'UTC') AS t, metric, bucket, sum(count)::int AS count
       FROM ${latency} WHERE user_id = $1 AND ${col} >= $2 AND ${col} < $3 GROUP BY 1, 2, 3`,
      parse: parseLatency,
    }),
  };
}

const OVERVIEW = { hour: overviewStatements("hour"), day: overviewStatements("day") };

/**
 * The overview's rows for [start, end): hour buckets read the hourly tables, day buckets the
 * daily ones (24x fewer rows). Timestamps go in as UTC ISO strings and come out as
 * timestamptz: independent of the server's TZ.
 */
export async function overviewRows(userId: string, start: Date, end: Date, g: "hour" | "day"): Promise<{ grouped: OverviewRow[]; latency: LatencyRow[] }> {
  const args: [string, string, string] = [userId, start.toISOString(), end.toISOString()];
  const [grouped, latency] = await Promise.all([OVERVIEW[g].grouped.all(args), OVERVIEW[g].latency.all(args)]);
  return { grouped, latency };
}

// ---- All accounts, per model (model: "auto" — lib/routing/auto/rollup-figures.ts) ----

export type ModelRollupRow = { model: string; okRequests: number; upstreamErrors: number; okLatencySumMs: number | null };

// Across accounts: the hour index (migration 20261206130200_request_class) bounds the scan.
// Successes have error_class ''; upstream failures 'upstream_*'; our own refusals neither.
const modelFigures = definedQuery<[hours: number], ModelRollupRow>({
  name: "usage_model_figures",
  text: `SELECT model,
       coalesce(sum(requests) FILTER (WHERE error_class = ''), 0)::bigint AS ok_requests,
       coalesce(sum(requests) FILTER (WHERE error_class LIKE 'upstream%'), 0)::bigint AS upstream_errors,
       (sum(latency_ms_sum) FILTER (WHERE error_class = ''))::float8 AS ok_latency_sum
     FROM usage_rollups WHERE hour >= date_trunc('hour', now() - make_interval(hours => $1))
     GROUP BY model`,
  parse: (r) => ({
    model: str(r, "model"), okRequests: safeInt(r, "ok_requests"), upstreamErrors: safeInt(r, "upstream_errors"),
    okLatencySumMs: numOrNull(r, "ok_latency_sum"),
  }),
});

/** Every model's successes, upstream failures and summed success latency over the last `hours` hours. */
export function modelRollupFigures(hours: number): Promise<ModelRollupRow[]> {
  return modelFigures.all([hours]);
}
