// Overview charts and totals for one account and range, read from the rollups (hourly for
// 24 h and short custom ranges, daily otherwise)
// (a few thousand rows even for millions of requests). Four queries run in parallel.
import { pool } from "@/lib/db";
import { formatUsd } from "@/lib/billing/money";
import { METRIC_LATENCY, METRIC_TTFT, percentileFromHistogram } from "@/lib/usage/latency-buckets";
import { bucketStarts, type TimeRange } from "@/lib/usage/range";
import { keyLabels } from "@/lib/usage/key-labels";

const TOP_STACK = 6; // models shown by name in stacked charts; the rest are "Other"
export const OTHER = "Other";

export type OverviewStats = {
  range: { start: string; end: string; granularity: "hour" | "day" };
  totals: {
    requests: number; errors: number; costUnits: string; cost: string; inputTokens: number; outputTokens: number;
    latencyP50: number | null; latencyP95: number | null; ttftP50: number | null; ttftP95: number | null;
  };
  /** Stack keys for the by-model charts, largest spend first. */
  models: string[];
  errorClasses: string[];
  series: Array<{
    t: string;
    requests: Record<string, number>;
    /** USD as a float: chart geometry only; exact money is in totals and the usage table. */
    spendUsd: Record<string, number>;
    inputTokens: number; outputTokens: number;
    latencyP50: number | null; latencyP95: number | null; ttftP50: number | null; ttftP95: number | null;
    errors: Record<string, number>;
  }>;
  topModels: Array<{ model: string; requests: number; costUnits: string; cost: string }>;
  topKeys: Array<{ id: string; name: string; display: string; requests: number; costUnits: string; cost: string }>;
};

type ModelRow = { t: Date; model: string; requests: number; errors: number; cost: string; input: string; output: string };
type GroupedRow = ModelRow & { error_class: string; api_key_id: string; grp: number };

const USD = 1e12;

export async function getOverviewStats(userId: string, r: TimeRange): Promise<OverviewStats> {
  const g = r.granularity;
  // Ranges of whole days read the daily tables (24x fewer rows); hour buckets the hourly ones.
  const [usage, latencyTable, col] = g === "hour"
    ? ["usage_rollups", "latency_rollups", "hour"] as const
    : ["usage_rollups_daily", "latency_rollups_daily", "day"] as const;
  // Timestamps go in as UTC ISO strings and come out as timestamptz: independent of the server's TZ.
  const args = [userId, r.start.toISOString(), r.end.toISOString()];
  // One scan of the rollups answers three groupings (by bucket×model, bucket×error class,
  // and key); the latency histograms come from their own table in parallel.
  const [grouped, latency] = await Promise.all([
    pool().query<GroupedRow>(
      `SELECT (date_trunc('${g}', ${col}) AT TIME ZONE 'UTC') AS t, model, error_class, api_key_id,
         GROUPING(date_trunc('${g}', ${col}), model, error_class, api_key_id) AS grp,
         sum(requests)::int AS requests, sum(errors)::int AS errors, sum(cost_units)::text AS cost,
         sum(input_tokens)::text AS input, sum(output_tokens)::text AS output
       FROM ${usage} WHERE user_id = $1 AND ${col} >= $2 AND ${col} < $3
       GROUP BY GROUPING SETS ((date_trunc('${g}', ${col}), model), (date_trunc('${g}', ${col}), error_class), (api_key_id))`, args),
    pool().query<{ t: Date; metric: number; bucket: number; count: number }>(
      `SELECT (date_trunc('${g}', ${col}) AT TIME ZONE 'UTC') AS t, metric, bucket, sum(count)::int AS count
       FROM ${latencyTable} WHERE user_id = $1 AND ${col} >= $2 AND ${col} < $3 GROUP BY 1, 2, 3`, args),
  ]);
  // GROUPING() bits (1 = column rolled up), in argument order: bucket, model, error_class, key.
  const byModel = { rows: grouped.rows.filter((r) => r.grp === 0b0011) as ModelRow[] };
  const byError = { rows: grouped.rows.filter((r) => r.grp === 0b0101 && r.error_class !== "") };
  const byKey = {
    rows: grouped.rows.filter((r) => r.grp === 0b1110)
      .sort((a, b) => { const d = BigInt(b.cost) - BigInt(a.cost); return d > 0n ? 1 : d < 0n ? -1 : b.requests - a.requests; })
      .slice(0, 5),
  };

  // Model totals decide the stack order and the "top models" list.
  const modelTotals = new Map<string, { requests: number; cost: bigint }>();
  for (const row of byModel.rows) {
    const m = modelTotals.get(row.model) ?? { requests: 0, cost: 0n };
    m.requests += row.requests;
    m.cost += BigInt(row.cost);
    modelTotals.set(row.model, m);
  }
  const ranked = [...modelTotals.entries()].sort((a, b) => (b[1].cost > a[1].cost ? 1 : b[1].cost < a[1].cost ? -1 : b[1].requests - a[1].requests));
  const named = new Set(ranked.slice(0, TOP_STACK).map(([m]) => m));
  const models = [...named, ...(ranked.length > TOP_STACK ? [OTHER] : [])];

  const buckets = new Map<number, OverviewStats["series"][number]>();
  const latencyHists = new Map<number, [Map<number, number>, Map<number, number>]>();
  for (const t of bucketStarts(r)) {
    buckets.set(t.getTime(), {
      t: t.toISOString(), requests: {}, spendUsd: {}, inputTokens: 0, outputTokens: 0,
      latencyP50: null, latencyP95: null, ttftP50: null, ttftP95: null, errors: {},
    });
    latencyHists.set(t.getTime(), [new Map(), new Map()]);
  }
  let requests = 0, errors = 0, cost = 0n, inputTokens = 0, outputTokens = 0;
  for (const row of byModel.rows) {
    const b = buckets.get(row.t.getTime());
    if (!b) continue;
    const key = named.has(row.model) ? row.model : OTHER;
    const c = BigInt(row.cost);
    b.requests[key] = (b.requests[key] ?? 0) + row.requests;
    b.spendUsd[key] = (b.spendUsd[key] ?? 0) + Number(c) / USD;
    b.inputTokens += Number(row.input);
    b.outputTokens += Number(row.output);
    requests += row.requests; errors += row.errors; cost += c;
    inputTokens += Number(row.input); outputTokens += Number(row.output);
  }
  const errorClasses = new Set<string>();
  for (const row of byError.rows) {
    const b = buckets.get(row.t.getTime());
    if (!b) continue;
    b.errors[row.error_class] = (b.errors[row.error_class] ?? 0) + row.requests;
    errorClasses.add(row.error_class);
  }
  const all: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
  for (const row of latency.rows) {
    const h = latencyHists.get(row.t.getTime());
    if (!h) continue;
    const metric = row.metric === METRIC_TTFT ? 1 : METRIC_LATENCY;
    h[metric].set(row.bucket, (h[metric].get(row.bucket) ?? 0) + row.count);
    all[metric].set(row.bucket, (all[metric].get(row.bucket) ?? 0) + row.count);
  }
  for (const [t, [lat, ttft]] of latencyHists) {
    const b = buckets.get(t)!;
    b.latencyP50 = percentileFromHistogram(lat, 0.5);
    b.latencyP95 = percentileFromHistogram(lat, 0.95);
    b.ttftP50 = percentileFromHistogram(ttft, 0.5);
    b.ttftP95 = percentileFromHistogram(ttft, 0.95);
  }

  const labels = await keyLabels(userId, byKey.rows.map((k) => k.api_key_id));
  return {
    range: { start: r.start.toISOString(), end: r.end.toISOString(), granularity: r.granularity },
    totals: {
      requests, errors, costUnits: cost.toString(), cost: formatUsd(cost), inputTokens, outputTokens,
      latencyP50: percentileFromHistogram(all[0], 0.5), latencyP95: percentileFromHistogram(all[0], 0.95),
      ttftP50: percentileFromHistogram(all[1], 0.5), ttftP95: percentileFromHistogram(all[1], 0.95),
    },
    models,
    errorClasses: [...errorClasses].sort(),
    series: [...buckets.values()],
    topModels: ranked.slice(0, 5).map(([model, v]) => ({
      model, requests: v.requests, costUnits: v.cost.toString(), cost: formatUsd(v.cost),
    })),
    topKeys: byKey.rows.map((k) => ({
      id: k.api_key_id, ...labels(k.api_key_id), requests: k.requests, costUnits: k.cost, cost: formatUsd(BigInt(k.cost)),
    })),
  };
}
