// The alert rules: pure functions over the account's hourly rollup rows (lib/sql/alerts.ts —
// never the raw logs) and its balance. Each compares the current window (this UTC hour, or
// today) with the trailing BASELINE_DAYS before it. Thresholds are in ALERT_THRESHOLDS; the
// reasoning behind them is in docs/optimization.md.
import { formatUsd, UNITS_PER_USD } from "@/lib/billing/money";
import type { HourlyRollupRow } from "@/lib/sql/alerts";
import type { Alert } from "./types";

export const BASELINE_DAYS = 7;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const BASELINE_HOURS = BASELINE_DAYS * 24;

export const ALERT_THRESHOLDS = {
  /** Spend this hour ≥ 3× the trailing hourly average, and at least $1. */
  spendHourRatio: 3n,
  spendHourMinUnits: UNITS_PER_USD,
  /** Spend today ≥ 2× the trailing daily average, and at least $5. */
  spendDayRatio: 2n,
  spendDayMinUnits: 5n * UNITS_PER_USD,
  /** Errors this hour: at least 20 requests, ≥ 10 % failed, and ≥ 2× the trailing rate + 5 points. */
  errorMinRequests: 20,
  errorMinRate: 0.1,
  errorRatio: 2,
  errorMargin: 0.05,
  /** A model's mean success latency this hour ≥ 1.5× its trailing mean and 200 ms slower,
   *  over at least 10 requests now and 50 in the baseline. */
  latencyRatio: 1.5,
  latencyMinDeltaMs: 200,
  latencyMinRequests: 10,
  latencyMinBaseline: 50,
  /** Low balance: under $1, or under 3 days of the trailing average daily spend. */
  lowBalanceFloorUnits: UNITS_PER_USD,
  lowBalanceDays: 3n,
} as const;

export type AlertInput = {
  /** Hourly rows from BASELINE_DAYS before today's UTC midnight (or earlier) up to now. */
  rows: readonly HourlyRollupRow[];
  /** The account's balance (units); null = unknown (no low-balance rule). */
  balanceUnits: bigint | null;
  now: Date;
};

export function hourStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

export function dayStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
}

/** How far back the rules read: the day baseline starts earliest. */
export function lookbackStart(now: Date): Date {
  return new Date(dayStart(now).getTime() - BASELINE_DAYS * DAY_MS);
}

type Sums = { requests: number; errors: number; cost: bigint };

function sumRows(rows: readonly HourlyRollupRow[], from: number, to: number): Sums & { byError: Map<string, number> } {
  const s = { requests: 0, errors: 0, cost: 0n, byError: new Map<string, number>() };
  for (const r of rows) {
    const t = r.hour.getTime();
    if (t < from || t >= to) continue;
    s.requests += r.requests;
    s.errors += r.errors;
    s.cost += r.costUnits;
    if (r.errorClass !== "") s.byError.set(r.errorClass, (s.byError.get(r.errorClass) ?? 0) + r.errors);
  }
  return s;
}

function pct(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toString()}%`;
}

export function spendSpikeAlerts(input: AlertInput): Alert[] {
  const T = ALERT_THRESHOLDS;
  const out: Alert[] = [];
  const h = hourStart(input.now).getTime();
  const hourNow = sumRows(input.rows, h, h + HOUR_MS).cost;
  const hourBase = sumRows(input.rows, h - BASELINE_HOURS * HOUR_MS, h).cost;
  // now ≥ ratio × (base / hours), in integers: now × hours ≥ ratio × base.
  if (hourBase > 0n && hourNow >= T.spendHourMinUnits && hourNow * BigInt(BASELINE_HOURS) >= T.spendHourRatio * hourBase) {
    out.push({
      key: "spend_spike:hour", kind: "spend_spike", severity: "warning", window: "hour", windowStart: new Date(h),
      title: "Spend spike this hour",
      detail: `${formatUsd(hourNow)} spent this hour, against an average of ${formatUsd(hourBase / BigInt(BASELINE_HOURS))} per hour over the last ${BASELINE_DAYS} days.`,
    });
  }
  const d = dayStart(input.now).getTime();
  const dayNow = sumRows(input.rows, d, d + DAY_MS).cost;
  const dayBase = sumRows(input.rows, d - BASELINE_DAYS * DAY_MS, d).cost;
  if (dayBase > 0n && dayNow >= T.spendDayMinUnits && dayNow * BigInt(BASELINE_DAYS) >= T.spendDayRatio * dayBase) {
    out.push({
      key: "spend_spike:day", kind: "spend_spike", severity: "warning", window: "day", windowStart: new Date(d),
      title: "Spend spike today",
      detail: `${formatUsd(dayNow)} spent today (UTC), against an average of ${formatUsd(dayBase / BigInt(BASELINE_DAYS))} per day over the last ${BASELINE_DAYS} days.`,
    });
  }
  return out;
}

export function errorSpikeAlerts(input: AlertInput): Alert[] {
  const T = ALERT_THRESHOLDS;
  const h = hourStart(input.now).getTime();
  const now = sumRows(input.rows, h, h + HOUR_MS);
  if (now.requests < T.errorMinRequests) return [];
  const base = sumRows(input.rows, h - BASELINE_HOURS * HOUR_MS, h);
  const rate = now.errors / now.requests;
  const baseRate = base.requests > 0 ? base.errors / base.requests : 0;
  if (rate < T.errorMinRate || rate < T.errorRatio * baseRate + T.errorMargin) return [];
  const top = [...now.byError].sort((a, b) => b[1] - a[1])[0];
  return [{
    key: "error_spike:hour", kind: "error_spike", severity: rate >= 0.5 ? "danger" : "warning", window: "hour", windowStart: new Date(h),
    title: "Error rate spike this hour",
    detail: `${pct(rate)} of ${now.requests.toLocaleString("en-US")} requests failed this hour` +
      `${top ? ` (mostly ${top[0]})` : ""}, against ${pct(baseRate)} over the last ${BASELINE_DAYS} days.`,
  }];
}

type Latency = { requests: number; sumMs: number };

function successLatency(rows: readonly HourlyRollupRow[], from: number, to: number): Map<string, Latency> {
  const out = new Map<string, Latency>();
  for (const r of rows) {
    const t = r.hour.getTime();
    if (r.errorClass !== "" || t < from || t >= to) continue;
    const l = out.get(r.model) ?? { requests: 0, sumMs: 0 };
    l.requests += r.requests;
    l.sumMs += r.latencyMsSum;
    out.set(r.model, l);
  }
  return out;
}

/** Per model: the mean latency of this hour's successes against its trailing mean (rollups hold sums, not per-model histograms). */
export function latencyAlerts(input: AlertInput): Alert[] {
  const T = ALERT_THRESHOLDS;
  const h = hourStart(input.now).getTime();
  const now = successLatency(input.rows, h, h + HOUR_MS);
  const base = successLatency(input.rows, h - BASELINE_HOURS * HOUR_MS, h);
  const out: Alert[] = [];
  for (const [model, n] of [...now].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const b = base.get(model);
    if (n.requests < T.latencyMinRequests || !b || b.requests < T.latencyMinBaseline) continue;
    const meanNow = n.sumMs / n.requests;
    const meanBase = b.sumMs / b.requests;
    if (meanNow < T.latencyRatio * meanBase || meanNow - meanBase < T.latencyMinDeltaMs) continue;
    out.push({
      key: `latency_regression:${model}`, kind: "latency_regression", severity: "warning", window: "hour", windowStart: new Date(h),
      title: `${model} is slower this hour`,
      detail: `Mean latency ${Math.round(meanNow).toLocaleString("en-US")} ms over ${n.requests.toLocaleString("en-US")} requests this hour, ` +
        `against ${Math.round(meanBase).toLocaleString("en-US")} ms over the last ${BASELINE_DAYS} days.`,
    });
  }
  return out;
}

export function lowBalanceAlerts(input: AlertInput): Alert[] {
  const T = ALERT_THRESHOLDS;
  const balance = input.balanceUnits;
  if (balance === null) return [];
  const d = dayStart(input.now).getTime();
  const avgDaily = sumRows(input.rows, d - BASELINE_DAYS * DAY_MS, d).cost / BigInt(BASELINE_DAYS);
  const belowFloor = balance < T.lowBalanceFloorUnits;
  const belowDays = avgDaily > 0n && balance < T.lowBalanceDays * avgDaily;
  if (!belowFloor && !belowDays) return [];
  const days = avgDaily > 0n ? Number((balance < 0n ? 0n : balance) * 10n / avgDaily) / 10 : null;
  return [{
    key: "low_balance", kind: "low_balance", severity: balance <= 0n || (avgDaily > 0n && balance < avgDaily) ? "danger" : "warning",
    window: "day", windowStart: new Date(d), title: "Low balance",
    detail: `Balance ${formatUsd(balance)}` + (days !== null
      ? ` — about ${days} ${days === 1 ? "day" : "days"} of your average spend (${formatUsd(avgDaily)} per day over the last ${BASELINE_DAYS} days).`
      : ".") + " Add credits or turn on auto top-up on the billing page.",
  }];
}

/** Every alert that fires now, most severe first. */
export function computeAlerts(input: AlertInput): Alert[] {
  const all = [...lowBalanceAlerts(input), ...errorSpikeAlerts(input), ...spendSpikeAlerts(input), ...latencyAlerts(input)];
  return all.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "danger" ? -1 : 1));
}
