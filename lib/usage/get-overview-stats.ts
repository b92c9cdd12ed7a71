// Overview charts and totals for one account and range, read from the rollups (hourly for
// 24 h and short custom ranges, daily otherwise)
// (a few thousand rows even for millions of requests): two statements in parallel (lib/sql/usage-rollups.ts).
import { formatUsd } from "@/lib/billing/money";
import { METRIC_LATENCY, METRIC_TTFT, percentileFromHistogram } from "@/lib/usage/latency-buckets";
import { bucketStarts, type TimeRange } from "@/lib/usage/range";
import { keyLabels } from "@/lib/usage/key-labels";
import { overviewRows, type OverviewRow } from "@/lib/sql/usage-rollups";

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
  /** Stack keys for the requests-by-model chart, most requests first ("Other" last). */
  requestModels: string[];
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

const USD = 1e12;

export async function getOverviewStats(userId: string, r: TimeRange): Promise<OverviewStats> {
  // Ranges of whole days read the daily tables (24x fewer rows); hour buckets the hourly ones.
  const { grouped, latency } = await overviewRows(userId, r.start, r.end, r.granularity);
  const byModel: Extract<OverviewRow, { by: "model" }>[] = [];
  const byError: Extract<OverviewRow, { by: "error" }>[] = [];
  const keyRows: Extract<OverviewRow, { by: "key" }>[] = [];
  for (const row of grouped) {
    if (row.by === "model") byModel.push(row);
    else if (row.by === "error") { if (row.errorClass !== "") byError.push(row); }
    else keyRows.push(row);
  }
  const byKey = keyRows
    .sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : b.requests - a.requests))
    .slice(0, 5);

  // Model totals decide the stack order and the "top models" list.
  const modelTotals = new Map<string, { requests: number; cost: bigint }>();
  for (const row of byModel) {
    const m = modelTotals.get(row.model) ?? { requests: 0, cost: 0n };
    m.requests += row.requests;
    m.cost += row.cost;
    modelTotals.set(row.model, m);
  }
  const ranked = [...modelTotals.entries()].sort((a, b) => (b[1].cost > a[1].cost ? 1 : b[1].cost < a[1].cost ? -1 : b[1].requests - a[1].requests));
  const named = new Set(ranked.slice(0, TOP_STACK).map(([m]) => m));
  const models = [...named, ...(ranked.length > TOP_STACK ? [OTHER] : [])];
  // The requests chart ranks by requests, with its own "Other": a busy, cheap model leads it.
  const byRequests = [...modelTotals.entries()].sort((a, b) => b[1].requests - a[1].requests || (b[1].cost > a[1].cost ? 1 : b[1].cost < a[1].cost ? -1 : 0));
  const namedByRequests = new Set(byRequests.slice(0, TOP_STACK).map(([m]) => m));
  const requestModels = [...namedByRequests, ...(byRequests.length > TOP_STACK ? [OTHER] : [])];

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
  for (const row of byModel) {
    const b = buckets.get(row.t.getTime());
    if (!b) continue;
    const key = named.has(row.model) ? row.model : OTHER;
    const c = row.cost;
    const requestKey = namedByRequests.has(row.model) ? row.model : OTHER;
    b.requests[requestKey] = (b.requests[requestKey] ?? 0) + row.requests;
    b.spendUsd[key] = (b.spendUsd[key] ?? 0) + Number(c) / USD;
    b.inputTokens += row.input;
    b.outputTokens += row.output;
    requests += row.requests; errors += row.errors; cost += c;
    inputTokens += row.input; outputTokens += row.output;
  }
  const errorClasses = new Set<string>();
  for (const row of byError) {
    const b = buckets.get(row.t.getTime());
    if (!b) continue;
    b.errors[row.errorClass] = (b.errors[row.errorClass] ?? 0) + row.requests;
    errorClasses.add(row.errorClass);
  }
  const all: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
  for (const row of latency) {
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

  const labels = await keyLabels(userId, byKey.map((k) => k.apiKeyId));
  return {
    range: { start: r.start.toISOString(), end: r.end.toISOString(), granularity: r.granularity },
    totals: {
      requests, errors, costUnits: cost.toString(), cost: formatUsd(cost), inputTokens, outputTokens,
      latencyP50: percentileFromHistogram(all[0], 0.5), latencyP95: percentileFromHistogram(all[0], 0.95),
      ttftP50: percentileFromHistogram(all[1], 0.5), ttftP95: percentileFromHistogram(all[1], 0.95),
    },
    models,
    requestModels,
    errorClasses: [...errorClasses].sort(),
    series: [...buckets.values()],
    topModels: ranked.slice(0, 5).map(([model, v]) => ({
      model, requests: v.requests, costUnits: v.cost.toString(), cost: formatUsd(v.cost),
    })),
    topKeys: byKey.map((k) => ({
      id: k.apiKeyId, ...labels(k.apiKeyId), requests: k.requests, costUnits: k.cost.toString(), cost: formatUsd(k.cost),
    })),
  };
}
