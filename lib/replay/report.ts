// A run as the API shows it (GET /replays/{id}): status, progress and — once it has ended —
// the report: original vs candidate cost, latency p50/p95, error rate, judged quality, and the
// items side by side. Money as `<name>_credits` + `<name>_units`.
import { moneyFields } from "@/lib/billing/money";
import type { ReplayItemRow, ReplayRunRow } from "@/lib/sql/replays";

const FINISHED = new Set(["completed", "failed", "cancelled"]);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null ? (v as Obj) : {});
const units = (v: unknown): bigint => (typeof v === "string" && /^-?\d+$/.test(v) ? BigInt(v) : 0n);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Nearest-rank percentile of integers (null for none). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100;
}

const FILTER_NAMES = [["model", "model"], ["keyId", "key_id"], ["endpoint", "endpoint"], ["requestClass", "request_class"]] as const;

/**
 * A run's filters in the names POST /replays takes them by (`key_id`, `request_class`): they are
 * stored as lib/replay/options.ts parsed them (`keyId`, `requestClass`; evidence.ts reads those).
 */
export function filtersView(stored: unknown): Record<string, string> {
  const f = obj(stored);
  const out: Record<string, string> = {};
  for (const [from, to] of FILTER_NAMES) if (typeof f[from] === "string") out[to] = f[from];
  return out;
}

export function runSummary(r: ReplayRunRow) {
  return {
    id: r.id, object: "replay", status: r.status, candidate: r.candidate, judge: r.judge, days: r.days, sample_size: r.sampleSize,
    filters: filtersView(r.filters), progress: { done: r.done, total: r.total }, ...moneyFields("estimated", r.estimatedUnits),
    ...moneyFields("spent", r.spentUnits), ...(r.maxUnits === null ? { max_credits: null } : moneyFields("max", r.maxUnits)),
    skipped: r.skipped, stopped_reason: r.stoppedReason, error: r.error, created_at: r.createdAt.toISOString(),
    started_at: r.startedAt?.toISOString() ?? null, finished_at: r.finishedAt?.toISOString() ?? null,
  };
}

function itemView(i: ReplayItemRow) {
  const o = obj(i.original);
  const c = i.candidate === null ? null : obj(i.candidate);
  const v = i.verdict === null ? null : obj(i.verdict);
  return {
    position: i.position, source_request_id: i.sourceLogId, status: i.status, skip_reason: i.skipReason,
    original: {
      model: o.model ?? null, answer: o.answer ?? null, input_tokens: o.input_tokens ?? 0, output_tokens: o.output_tokens ?? 0,
      ...moneyFields("cost", units(o.cost_units)), latency_ms: o.latency_ms ?? null,
    },
    candidate: c === null ? null : {
      request_id: c.request_id ?? null, model: c.model ?? null, status: c.status ?? null, answer: c.answer ?? null,
      input_tokens: c.input_tokens ?? 0, output_tokens: c.output_tokens ?? 0, ...moneyFields("cost", units(c.cost_units)),
      latency_ms: c.latency_ms ?? null, error: c.error ?? null,
    },
    judge: v === null ? null : {
      model: v.judge ?? null, winner: v.winner ?? null, original_score: v.original_score ?? null, candidate_score: v.candidate_score ?? null,
      reasoning: v.reasoning ?? null, error: v.error ?? null, ...moneyFields("cost", units(v.cost_units)),
    },
    ...moneyFields("cost", i.costUnits),
  };
}

/** The report over the items that ran (an item's original is compared only when its candidate ran). */
export function runReport(items: readonly ReplayItemRow[]) {
  let originalUnits = 0n;
  let candidateUnits = 0n;
  let judgeUnits = 0n;
  const origLatency: number[] = [];
  const candLatency: number[] = [];
  let ran = 0;
  let errors = 0;
  const candScores: number[] = [];
  const origScores: number[] = [];
  const outcome = { wins: 0, ties: 0, losses: 0 };
  const skipped: Record<string, number> = {};
  for (const i of items) {
    if (i.status === "skipped" || i.status === "cancelled") {
      const reason = i.skipReason ?? i.status;
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    }
    if (i.candidate === null) continue;
    const o = obj(i.original);
    const c = obj(i.candidate);
    ran++;
    originalUnits += units(o.cost_units);
    candidateUnits += units(c.cost_units);
    const ol = num(o.latency_ms);
    if (ol !== null) origLatency.push(ol);
    if (c.status === 200) {
      const cl = num(c.latency_ms);
      if (cl !== null) candLatency.push(cl);
    } else errors++;
    if (i.verdict === null) continue;
    const v = obj(i.verdict);
    judgeUnits += units(v.cost_units);
    const cs = num(v.candidate_score);
    const os = num(v.original_score);
    if (cs === null || os === null) continue;
    candScores.push(cs);
    origScores.push(os);
    if (v.winner === "candidate") outcome.wins++;
    else if (v.winner === "tie") outcome.ties++;
    else outcome.losses++;
  }
  return {
    replayed: ran, skipped,
    cost: {
      ...moneyFields("original", originalUnits), ...moneyFields("candidate", candidateUnits), ...moneyFields("judge", judgeUnits),
      ...moneyFields("difference", candidateUnits - originalUnits),
    },
    latency_ms: {
      original: { p50: percentile(origLatency, 50), p95: percentile(origLatency, 95) },
      candidate: { p50: percentile(candLatency, 50), p95: percentile(candLatency, 95) },
    },
    // The originals were sampled among answered requests: their error rate is 0.
    error_rate: { original: 0, candidate: ran === 0 ? null : Math.round((errors / ran) * 10_000) / 10_000 },
    quality: { judged: candScores.length, candidate_mean_score: mean(candScores), original_mean_score: mean(origScores), ...outcome },
  };
}

export function runDetail(r: ReplayRunRow, items: readonly ReplayItemRow[]) {
  const finished = FINISHED.has(r.status);
  return { ...runSummary(r), report: finished ? runReport(items) : null, items: items.map(itemView) };
}
