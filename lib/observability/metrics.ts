// In-process Prometheus metrics. Recording runs once per request after the response, so it
// is two Map lookups and a few number increments — no string building, no allocation once a
// (provider, model) pair has been seen. Text is rendered only when /api/metrics is scraped.
// State is one per process (lib/shared-state.ts): the fast-path server bundle records and the
// Next bundle (which serves /api/metrics) reads the same object.
import { accountBreakerCounts, allBreakerStates } from "@/lib/routing/breaker";
import { processSingleton } from "@/lib/shared-state";
import { takeEventLoopDelay } from "@/lib/observability/event-loop-delay";
import { poolConnections } from "@/lib/sql/health";
import { redisHealth } from "@/lib/redis";

const LATENCY_BOUNDS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

type Histogram = { counts: Float64Array; sum: number; count: number };
type Series = {
  provider: string; model: string;
  byStatus: Map<number, number>;
  byErrorClass: Map<string, number>;
  latency: Histogram; ttft: Histogram;
  inputTokens: number; outputTokens: number; costUsd: number;
};
type RequestLogOutcome = "stored_without_bodies" | "refused";
type Registry = {
  series: Map<string, Map<string, Series>>; inFlight: number; startedAt: number;
  /** Request-log rows not written yet, and rows the writer could not store whole (request-log.ts). */
  logBacklog: number; logRows: Record<RequestLogOutcome, number>;
  /** Usage above a request's reservation, absorbed by the gateway (lib/billing/settlement/reserve.ts). */
  undercharged: { requests: number; units: bigint };
  /** 1 while this process's invalidation listener is connected (lib/invalidation). */
  invalidationConnected: 0 | 1;
};

const registry = processSingleton<Registry>("metrics", () => ({
  series: new Map(), inFlight: 0, startedAt: Date.now(), logBacklog: 0, logRows: { stored_without_bodies: 0, refused: 0 },
  invalidationConnected: 0, undercharged: { requests: 0, units: 0n },
}));

/** done: nothing left past the window; stopped: shutdown mid-run; locked: another process was deleting. */
export type LogRetentionOutcome = "done" | "stopped" | "locked" | "failed";
/** The request-log retention job's runs by outcome and the rows it deleted (log-retention.ts). */
const retention = processSingleton("metrics.logRetention", () => ({
  runs: { done: 0, stopped: 0, locked: 0, failed: 0 } as Record<LogRetentionOutcome, number>, deleted: 0,
}));

export function recordLogRetentionRun(outcome: LogRetentionOutcome, deleted: number): void {
  retention.runs[outcome]++;
  retention.deleted += deleted;
}

const histogram = (): Histogram => ({ counts: new Float64Array(LATENCY_BOUNDS_S.length), sum: 0, count: 0 });

function observe(h: Histogram, seconds: number): void {
  h.sum += seconds;
  h.count++;
  for (let i = 0; i < LATENCY_BOUNDS_S.length; i++) {
    if (seconds <= LATENCY_BOUNDS_S[i]!) {
      h.counts[i]!++;
      return;
    }
  }
}

function series(provider: string, model: string): Series {
  let byModel = registry.series.get(provider);
  if (!byModel) registry.series.set(provider, (byModel = new Map()));
  let s = byModel.get(model);
  if (!s) {
    s = { provider, model, byStatus: new Map(), byErrorClass: new Map(), latency: histogram(), ttft: histogram(),
      inputTokens: 0, outputTokens: 0, costUsd: 0 };
    byModel.set(model, s);
  }
  return s;
}

export type ChatMetric = {
  provider: string; model: string; status: number; errorClass: string | null;
  latencyMs: number; ttftMs: number | null; inputTokens: number; outputTokens: number; costUnits: bigint;
};

export function recordChatMetrics(m: ChatMetric): void {
  const s = series(m.provider, m.model);
  s.byStatus.set(m.status, (s.byStatus.get(m.status) ?? 0) + 1);
  if (m.errorClass) s.byErrorClass.set(m.errorClass, (s.byErrorClass.get(m.errorClass) ?? 0) + 1);
  observe(s.latency, m.latencyMs / 1000);
  if (m.ttftMs !== null) observe(s.ttft, m.ttftMs / 1000);
  s.inputTokens += m.inputTokens;
  s.outputTokens += m.outputTokens;
  if (m.costUnits !== 0n) s.costUsd += Number(m.costUnits) / 1e12;
}

/** For the request doors: +1 when a request starts, -1 when it ends. */
export function trackInFlight(delta: 1 | -1): void {
  registry.inFlight += delta;
}

/** Requests whose handlers have not returned yet (a draining server waits for them). */
export function inFlightRequests(): number {
  return registry.inFlight;
}

export function setRequestLogBacklog(rows: number): void {
  registry.logBacklog = rows;
}

export function setInvalidationConnected(connected: boolean): void {
  registry.invalidationConnected = connected ? 1 : 0;
}

export function countRequestLogRow(outcome: RequestLogOutcome): void {
  registry.logRows[outcome]++;
}

/** A request whose usage cost more than it reserved: the excess is not charged. */
export function countUndercharged(units: bigint): void {
  registry.undercharged.requests++;
  registry.undercharged.units += units;
}

export function underchargedTotals(): { requests: number; units: bigint } {
  return { ...registry.undercharged };
}

const esc = (v: string) => v.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");

function renderHistogram(out: string[], name: string, labels: string, h: Histogram): void {
  let cumulative = 0;
  for (let i = 0; i < LATENCY_BOUNDS_S.length; i++) {
    cumulative += h.counts[i]!;
    out.push(`${name}_bucket{${labels},le="${LATENCY_BOUNDS_S[i]}"} ${cumulative}`);
  }
  out.push(`${name}_bucket{${labels},le="+Inf"} ${h.count}`, `${name}_sum{${labels}} ${h.sum}`, `${name}_count{${labels}} ${h.count}`);
}

/** Prometheus text exposition format 0.0.4. */
export function renderMetrics(): string {
  const all = [...registry.series.values()].flatMap((m) => [...m.values()]);
  const out: string[] = [];
  const lbl = (s: Series) => `provider="${esc(s.provider)}",model="${esc(s.model)}"`;
  out.push("# HELP switchyard_requests_total Chat requests answered, by provider, model and HTTP status.", "# TYPE switchyard_requests_total counter");
  for (const s of all) for (const [status, n] of s.byStatus) out.push(`switchyard_requests_total{${lbl(s)},status="${status}"} ${n}`);
  out.push("# HELP switchyard_errors_total Failed chat requests by error class.", "# TYPE switchyard_errors_total counter");
  for (const s of all) for (const [cls, n] of s.byErrorClass) out.push(`switchyard_errors_total{${lbl(s)},error_class="${esc(cls)}"} ${n}`);
  out.push("# HELP switchyard_request_duration_seconds Total request latency.", "# TYPE switchyard_request_duration_seconds histogram");
  for (const s of all) renderHistogram(out, "switchyard_request_duration_seconds", lbl(s), s.latency);
  out.push("# HELP switchyard_time_to_first_token_seconds Time to the first streamed token.", "# TYPE switchyard_time_to_first_token_seconds histogram");
  for (const s of all) if (s.ttft.count > 0) renderHistogram(out, "switchyard_time_to_first_token_seconds", lbl(s), s.ttft);
  out.push("# HELP switchyard_tokens_total Tokens metered, by direction.", "# TYPE switchyard_tokens_total counter");
  for (const s of all) {
    out.push(`switchyard_tokens_total{${lbl(s)},direction="input"} ${s.inputTokens}`, `switchyard_tokens_total{${lbl(s)},direction="output"} ${s.outputTokens}`);
  }
  out.push("# HELP switchyard_cost_usd_total Cost charged to accounts, in US dollars.", "# TYPE switchyard_cost_usd_total counter");
  for (const s of all) out.push(`switchyard_cost_usd_total{${lbl(s)}} ${s.costUsd}`);
  out.push("# HELP switchyard_in_flight_requests API requests being served now.", "# TYPE switchyard_in_flight_requests gauge",
    `switchyard_in_flight_requests ${registry.inFlight}`);
  out.push("# HELP switchyard_request_log_backlog Request-log rows (with their charges) not written yet; new chat requests get 503 at the bound.",
    "# TYPE switchyard_request_log_backlog gauge", `switchyard_request_log_backlog ${registry.logBacklog}`);
  out.push("# HELP switchyard_request_log_rows_refused_total Request-log rows the database refused: stored without bodies, or refused (charge released).",
    "# TYPE switchyard_request_log_rows_refused_total counter");
  for (const [outcome, n] of Object.entries(registry.logRows)) out.push(`switchyard_request_log_rows_refused_total{outcome="${outcome}"} ${n}`);
  out.push("# HELP switchyard_undercharged_units_total Usage above its reservation that the gateway absorbed (units of 1e-12 USD), and the requests it happened to.",
    "# TYPE switchyard_undercharged_units_total counter", `switchyard_undercharged_units_total ${registry.undercharged.units}`,
    "# TYPE switchyard_undercharged_requests_total counter", `switchyard_undercharged_requests_total ${registry.undercharged.requests}`);
  out.push("# HELP switchyard_invalidation_connected 1 while the cross-process invalidation listener (LISTEN) is connected; at 0, caches fall back to their TTLs.",
    "# TYPE switchyard_invalidation_connected gauge", `switchyard_invalidation_connected ${registry.invalidationConnected}`);
  const redis = redisHealth();
  if (redis.configured) {
    out.push("# HELP switchyard_redis_up 1 while this process reaches Redis (shared rate limits, throttles, breakers).",
      "# TYPE switchyard_redis_up gauge", `switchyard_redis_up ${redis.up ? 1 : 0}`,
      "# HELP switchyard_redis_fail_open_total Limit checks counted in this process alone because Redis was unreachable.",
      "# TYPE switchyard_redis_fail_open_total counter", `switchyard_redis_fail_open_total ${redis.failOpen}`);
  }
  out.push("# HELP switchyard_request_log_retention_deleted_total Request logs deleted by the retention job (LOG_RETENTION_DAYS) in this process.",
    "# TYPE switchyard_request_log_retention_deleted_total counter", `switchyard_request_log_retention_deleted_total ${retention.deleted}`,
    "# HELP switchyard_request_log_retention_runs_total Retention job runs in this process by outcome (locked: another process was deleting).",
    "# TYPE switchyard_request_log_retention_runs_total counter");
  for (const [outcome, n] of Object.entries(retention.runs)) out.push(`switchyard_request_log_retention_runs_total{outcome="${outcome}"} ${n}`);
  const p = poolConnections();
  out.push("# HELP switchyard_db_pool_connections Database pool connections by state.", "# TYPE switchyard_db_pool_connections gauge",
    `switchyard_db_pool_connections{state="total"} ${p.total}`, `switchyard_db_pool_connections{state="idle"} ${p.idle}`,
    `switchyard_db_pool_connections{state="waiting"} ${p.waiting}`);
  out.push("# HELP switchyard_breaker_open Circuit breaker per provider+model: 0 closed, 1 open, 0.5 half-open.", "# TYPE switchyard_breaker_open gauge");
  for (const { key, state } of allBreakerStates()) {
    out.push(`switchyard_breaker_open{upstream="${esc(key)}"} ${state === "open" ? 1 : state === "half_open" ? 0.5 : 0}`);
  }
  // BYOK breakers are per account: counted per provider+model, never one series per account.
  out.push("# HELP switchyard_byok_breakers Per-account (BYOK) circuit breakers not closed, by provider+model and state.", "# TYPE switchyard_byok_breakers gauge");
  for (const { key, open, halfOpen } of accountBreakerCounts()) {
    out.push(`switchyard_byok_breakers{upstream="${esc(key)}",state="open"} ${open}`, `switchyard_byok_breakers{upstream="${esc(key)}",state="half_open"} ${halfOpen}`);
  }
  const loop = takeEventLoopDelay();
  // Event-loop delay since the previous scrape (prom-client's eventloop_lag style; absent on the first).
  if (loop) {
    for (const [stat, v] of [["p50", loop.p50], ["p99", loop.p99], ["max", loop.max]] as const) {
      out.push(`# HELP switchyard_eventloop_delay_${stat}_seconds Event-loop delay ${stat} since the previous scrape.`,
        `# TYPE switchyard_eventloop_delay_${stat}_seconds gauge`, `switchyard_eventloop_delay_${stat}_seconds ${v}`);
    }
  }
  out.push("# HELP switchyard_process_start_time_seconds Process start.", "# TYPE switchyard_process_start_time_seconds gauge",
    `switchyard_process_start_time_seconds ${Math.floor(registry.startedAt / 1000)}`);
  return out.join("\n") + "\n";
}

/** Test hook. */
export function resetMetricsForTests(): void {
  registry.series.clear();
  registry.inFlight = 0;
  registry.logRows = { stored_without_bodies: 0, refused: 0 };
}
