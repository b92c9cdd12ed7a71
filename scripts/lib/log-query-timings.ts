// The timed queries of scripts/measure-log-queries.ts: every dashboard / API read of request
// logs and usage for one (seeded, heavy) account, through the lib functions the pages call.
// Plans of the slow statements come from auto_explain, which sends them as NOTICEs to the
// client that ran the statement (needs a superuser: the dedicated measurement cluster).
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { sampleLogs } from "@/lib/sql/replay-sample";
import { modelRollupFigures } from "@/lib/sql/usage-rollups";
import { ROLLUP_WINDOW_HOURS } from "@/lib/routing/auto/rollup-figures";
import { listApiRequests } from "@/lib/usage/api-requests";
import { getApiUsage } from "@/lib/usage/get-api-usage";
import { getFilterOptions } from "@/lib/usage/get-filter-options";
import { getLog } from "@/lib/usage/get-log";
import { getOverviewHeader } from "@/lib/usage/get-overview-header";
import { getOverviewStats } from "@/lib/usage/get-overview-stats";
import { getUsageBreakdown } from "@/lib/usage/get-usage-breakdown";
import { listLogs } from "@/lib/usage/list-logs";
import { logFiltersSchema } from "@/lib/usage/log-filters";
import { parseQuery } from "@/lib/usage/parse-query";
import { resolveRange } from "@/lib/usage/range";
import { usageCsvStream } from "@/lib/usage/usage-csv";
import { usageFiltersSchema } from "@/lib/usage/usage-filters";

type Options = { email: string; runs: number; explainOverMs: number; only?: string; jitOn?: boolean };
type Result = { name: string; p50: number; p95: number };

const DAY = 86_400_000;
const plans = new Map<string, string>();
let current = "";

/**
 * Attached before the first connection opens; a non-superuser's LOAD fails quietly (no plans).
 * Runs after the pool's own session setup (lib/sql/pool.ts: jit = off), so `jitOn` measures
 * the statements as they ran before that setting. Its SET is a query of its own: in the same
 * multi-statement query a failed LOAD would skip it and measure JIT off without a word.
 */
function enableAutoExplain(overMs: number, jitOn: boolean): void {
  pool().on("connect", (client) => {
    client.on("notice", (n) => {
      if (n.message?.startsWith("duration:") && !plans.has(current)) plans.set(current, n.message);
    });
    void client.query(`LOAD 'auto_explain'; SET auto_explain.log_min_duration = ${Math.trunc(overMs)};
      SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on; SET auto_explain.log_level = notice;
      SET auto_explain.log_nested_statements = on`).catch(() => undefined);
    if (jitOn) {
      void client.query("SET jit = on").catch((err: unknown) => {
        throw new Error(`--jit-on: SET jit = on failed (${String(err)})`);
      });
    }
  });
}

export async function measure(o: Options): Promise<void> {
  enableAutoExplain(o.explainOverMs, o.jitOn === true);
  const results: Result[] = [];
  const time = async (name: string, fn: () => Promise<unknown>) => {
    if (o.only && !name.includes(o.only)) return;
    current = `(warm-up) ${name}`;
    const w = performance.now();
    await fn();
    // A statement that takes seconds is measured 5 times, not 20: its p95 is far off the goal either way.
    const n = performance.now() - w > 1_000 ? Math.min(5, o.runs) : o.runs;
    current = name;
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await fn();
      t.push(performance.now() - s);
    }
    t.sort((a, b) => a - b);
    const q = (p: number) => t[Math.min(t.length - 1, Math.ceil(p * t.length) - 1)]!;
    results.push({ name, p50: q(0.5), p95: q(0.95) });
    console.log(`${name.padEnd(52)} p50 ${q(0.5).toFixed(1).padStart(8)} ms   p95 ${q(0.95).toFixed(1).padStart(8)} ms${n < o.runs ? `   (${n} runs)` : ""}`);
  };
  const logs = (qs: string) => parseQuery(logFiltersSchema, new URLSearchParams(qs));
  const usage = (qs: string) => parseQuery(usageFiltersSchema, new URLSearchParams(qs));

  const { rows } = await pool().query<{ id: string }>("SELECT id FROM users WHERE email = $1", [o.email]);
  const userId = rows[0]?.id;
  if (!userId) throw new Error(`No account ${o.email}: seed first (--seed).`);
  const counts = (await pool().query<{ total: string; mine: string; accounts: string }>(`SELECT
    (SELECT count(*) FROM request_logs)::text AS total, (SELECT count(*) FROM request_logs WHERE user_id = $1)::text AS mine,
    (SELECT count(*) FROM users)::text AS accounts`, [userId])).rows[0]!;
  const size = (await pool().query<{ s: string }>("SELECT pg_size_pretty(pg_total_relation_size('request_logs')) AS s")).rows[0]!.s;
  console.log(`${Number(counts.total).toLocaleString("en-US")} request logs (${size} with indexes and TOAST), ${counts.accounts} accounts; ` +
    `${o.email}: ${Number(counts.mine).toLocaleString("en-US")}; ${o.runs} runs each\n`);

  const key = (await pool().query<{ id: string }>("SELECT id FROM api_keys WHERE user_id = $1 AND kind = 'standard' ORDER BY id LIMIT 1", [userId])).rows[0]!.id;
  const sample = (await pool().query<{ id: string }>("SELECT id FROM request_logs WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1 OFFSET 5000", [userId])).rows[0]!.id;
  // A cursor 20 pages deep (keyset: as cheap as page 2 if the plan is right).
  let deep = await listLogs(userId, logs("limit=50"));
  for (let i = 0; i < 19 && deep.nextCursor; i++) deep = await listLogs(userId, logs(`limit=50&cursor=${deep.nextCursor}`));
  const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
  const day = (daysAgo: number) => iso(daysAgo * DAY).slice(0, 10);

  for (const range of ["24h", "7d", "30d"] as const) await time(`overview stats (${range})`, () => getOverviewStats(userId, resolveRange({ range })));
  await time("overview stats (custom 90 d)", () => getOverviewStats(userId, resolveRange({ range: "custom", from: day(89), to: day(0) })));
  await time("overview header (balance, spend, keys, ledger)", () => getOverviewHeader(userId));
  for (const group of ["day", "model", "provider", "key"]) {
    const f = usage(`range=30d&group=${group}`);
    await time(`usage breakdown by ${group} (30 d)`, () => getUsageBreakdown(userId, resolveRange(f), f));
  }
  const f90 = usage(`range=custom&from=${day(89)}&to=${day(0)}&group=model`);
  await time("usage breakdown by model (90 d)", () => getUsageBreakdown(userId, resolveRange(f90), f90));
  const fm = usage("range=30d&group=day&model=openai/gpt-4.1");
  await time("usage breakdown, model filter (30 d)", () => getUsageBreakdown(userId, resolveRange(fm), fm));
  const f30 = usage("range=30d");
  await time("usage CSV, whole stream (30 d)", () => new Response(usageCsvStream(userId, resolveRange(f30), f30)).text());
  await time("GET /v1/usage data (30 d)", () => getApiUsage(userId, resolveRange({ range: "30d" })));
  await time("filter options", () => getFilterOptions(userId));
  const cases: Array<[string, string]> = [
    ["logs: first page (50)", ""],
    ["logs: page 21 via cursor", `cursor=${deep.nextCursor}`],
    ["logs: status=error", "status=error"],
    ["logs: status=ok", "status=ok"],
    ["logs: status=502 (rare)", "status=502"],
    ["logs: model=mistral/mistral-small", "model=mistral/mistral-small"],
    ["logs: model that never ran", "model=nobody/none"],
    ["logs: provider=deepseek", "provider=deepseek"],
    ["logs: key", `key=${key}`],
    ["logs: stream=true", "stream=true"],
    ["logs: mode=test (no such rows)", "mode=test"],
    ["logs: stream=true + model", "stream=true&model=openai/gpt-4.1"],
    ["logs: time window (1 h, 10 days ago)", `from=${iso(10 * DAY)}&to=${iso(10 * DAY - 3_600_000)}`],
    ["logs: from 80 days ago, status=502", `from=${iso(80 * DAY)}&status=502`],
    ["logs: request id prefix", `q=${sample.slice(0, 12)}`],
    ["logs: id prefix matching every row (req_)", "q=req_"],
    ["logs: error + model + stream (sparse)", "status=502&model=mistral/mistral-small&stream=true"],
    ["logs: key + status=502 + provider (sparse)", `key=${key}&status=502&provider=mistral`],
  ];
  for (const [name, qs] of cases) await time(name, () => listLogs(userId, logs(qs)));
  await time("log detail", () => getLog(userId, sample));
  await time("API GET /v1/requests (first page, 20)", () => listApiRequests(userId, { limit: 20 }));
  await time("API GET /v1/requests?after=… (model filter)", () => listApiRequests(userId, { limit: 20, after: sample, model: "openai/gpt-4.1" }));
  await time("API GET /v1/requests?status=502", () => listApiRequests(userId, { limit: 20, status: 502 }));
  for (const days of [7, 30, 90]) await time(`replay sample: 100 of ${days} days`, () => sampleLogs(userId, days, 100, {}));
  await time("replay sample: 300 of 90 days, one model", () => sampleLogs(userId, 90, 300, { model: "mistral/mistral-small" }));
  // The optimization page's "Replay 50": key × chat.completions × model × request class, 30 days
  // (the seed stores no classes: set them on a measurement cluster first, docs/replay.md).
  for (const requestClass of ["code", "tools", "long_context", "vision"] as const) {
    await time(`replay sample: "Replay 50", class ${requestClass}`, () =>
      sampleLogs(userId, 30, 50, { keyId: key, endpoint: "chat.completions", model: "openai/gpt-4o-mini", requestClass }));
  }
  await time("auto routing: all models, last 6 h (all accounts)", () => modelRollupFigures(ROLLUP_WINDOW_HOURS));
  // The optimization page (lib/optimization, in progress elsewhere): timed when its statements exist.
  const opt = await import("@/lib/sql/optimization").catch(() => null) as null | Record<string, unknown>;
  const groups = opt?.usageGroupRows as ((userId: string, days: number) => Promise<unknown>) | undefined;
  if (groups) for (const days of [7, 30, 90]) await time(`optimization: use-case groups (${days} d)`, () => groups(userId, days));

  const slow = results.filter((r) => r.p95 >= 200);
  console.log(`\n${results.length} queries; p95 ≥ 200 ms: ${slow.length === 0 ? "none" : slow.map((r) => r.name).join(", ")}`);
  for (const [name, plan] of plans) if (!name.startsWith("(warm-up)")) console.log(`\n-- ${name}\n${plan}`);
  await closeDb();
}

/**
 * The retention job's cost on this table: deletes everything older than `days` days in
 * BATCH_SIZE batches (the job's own statements, without its pauses), timing each batch, while a
 * second connection times the logs page's first page (what a dashboard user sees meanwhile).
 */
export async function measureRetention(email: string, days: number): Promise<void> {
  const { BATCH_SIZE } = await import("@/lib/observability/log-retention");
  const { deleteExpiredLogBatch, withLogRetentionLock } = await import("@/lib/sql/request-log-retention");
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
  const userId = rows[0]!.id;
  const before = (await pool().query<{ n: string }>("SELECT count(*)::text AS n FROM request_logs")).rows[0]!.n;
  const batchMs: number[] = [];
  const pageMs: number[] = [];
  let done = false;
  const reader = (async () => {
    while (!done) {
      const s = performance.now();
      await listLogs(userId, parseQuery(logFiltersSchema, new URLSearchParams("")));
      pageMs.push(performance.now() - s);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  const r = await withLogRetentionLock(async (sql) => {
    let deleted = 0;
    for (;;) {
      const s = performance.now();
      const n = await deleteExpiredLogBatch(days, BATCH_SIZE, sql);
      batchMs.push(performance.now() - s);
      deleted += n;
      if (n < BATCH_SIZE) return deleted;
    }
  });
  const total = performance.now() - started;
  done = true;
  await reader;
  if (!r.locked) throw new Error("the retention lock is held elsewhere");
  const pct = (t: number[], p: number) => [...t].sort((a, b) => a - b)[Math.min(t.length - 1, Math.ceil(p * t.length) - 1)]!.toFixed(1);
  console.log(`\nretention at ${days} days: ${Number(before).toLocaleString("en-US")} rows before, deleted ${r.value.toLocaleString("en-US")} ` +
    `in ${batchMs.length} batches of ${BATCH_SIZE}, ${(total / 1000).toFixed(1)} s without pauses ` +
    `(${Math.round(r.value / (total / 1000)).toLocaleString("en-US")} rows/s); batch p50 ${pct(batchMs, 0.5)} ms, p95 ${pct(batchMs, 0.95)} ms, ` +
    `max ${pct(batchMs, 1)} ms; logs first page meanwhile: p50 ${pct(pageMs, 0.5)} ms, p95 ${pct(pageMs, 0.95)} ms (${pageMs.length} reads)`);
  await closeDb();
}
