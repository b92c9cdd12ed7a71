// `npx tsx scripts/measure-dashboard.ts [--email million@switchyard.test] [--runs 30] [--explain]`
// Times every dashboard query for one (seeded) account and prints p50/p95 per query; with
// --explain also prints the chosen plans. Run after `npm run seed:logs -- --rows 1000000`.
import { parseArgs } from "node:util";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
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

const { values } = parseArgs({ options: {
  email: { type: "string", default: "million@switchyard.test" }, runs: { type: "string", default: "30" }, explain: { type: "boolean", default: false },
} });
const runs = Number(values.runs);

async function time(name: string, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  const q = (p: number) => t[Math.min(t.length - 1, Math.ceil(p * t.length) - 1)]!.toFixed(1);
  console.log(`${name.padEnd(44)} p50 ${q(0.5).padStart(7)} ms   p95 ${q(0.95).padStart(7)} ms`);
}

const logs = (qs: string) => parseQuery(logFiltersSchema, new URLSearchParams(qs));
const usage = (qs: string) => parseQuery(usageFiltersSchema, new URLSearchParams(qs));

async function main() {
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM users WHERE email = $1", [values.email]);
  const userId = rows[0]?.id;
  if (!userId) throw new Error(`No account ${values.email}: run npm run seed:logs first.`);
  const n = (await pool().query<{ n: number }>("SELECT count(*)::int n FROM request_logs WHERE user_id = $1", [userId])).rows[0]!.n;
  const rollups = (await pool().query<{ n: number }>("SELECT count(*)::int n FROM usage_rollups WHERE user_id = $1", [userId])).rows[0]!.n;
  const daily = (await pool().query<{ n: number }>("SELECT count(*)::int n FROM usage_rollups_daily WHERE user_id = $1", [userId])).rows[0]!.n;
  console.log(`${values.email}: ${n.toLocaleString("en-US")} request logs, ${rollups.toLocaleString("en-US")} hourly / ${daily.toLocaleString("en-US")} daily rollup rows; ${runs} runs each\n`);
  const key = (await pool().query<{ id: string }>("SELECT id FROM api_keys WHERE user_id = $1 LIMIT 1", [userId])).rows[0]!.id;
  const sample = (await pool().query<{ id: string }>("SELECT id FROM request_logs WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1 OFFSET 5000", [userId])).rows[0]!.id;
  const deep = await listLogs(userId, logs("limit=100"));

  for (const range of ["24h", "7d", "30d"] as const) await time(`overview stats (${range})`, () => getOverviewStats(userId, resolveRange({ range })));
  const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date().toISOString().slice(0, 10);
  await time("overview stats (custom 366 d)", () => getOverviewStats(userId, resolveRange({ range: "custom", from, to })));
  await time("overview header (balance, spend, keys, ledger)", () => getOverviewHeader(userId));
  for (const group of ["day", "model", "provider", "key"]) {
    const f = usage(`range=30d&group=${group}`);
    await time(`usage breakdown by ${group} (30d)`, () => getUsageBreakdown(userId, resolveRange(f), f));
  }
  const fm = usage("range=30d&group=day&model=openai/gpt-4.1");
  await time("usage breakdown, model filter (30d)", () => getUsageBreakdown(userId, resolveRange(fm), fm));
  const f30 = usage("range=30d");
  await time("usage CSV, whole stream (30d)", () => new Response(usageCsvStream(userId, resolveRange(f30), f30)).text());
  await time("GET /v1/usage data (30d)", () => getApiUsage(userId, resolveRange({ range: "30d" })));
  await time("filter options", () => getFilterOptions(userId));
  const cases: Array<[string, string]> = [
    ["logs: first page (50)", ""],
    ["logs: next page via cursor", `cursor=${deep.nextCursor}`],
    ["logs: status=error", "status=error"],
    ["logs: status=502 (rare)", "status=502"],
    ["logs: model=mistral/mistral-small", "model=mistral/mistral-small"],
    ["logs: model that never ran", "model=nobody/none"],
    ["logs: provider=deepseek", "provider=deepseek"],
    ["logs: key", `key=${key}`],
    ["logs: stream=true + model", "stream=true&model=openai/gpt-4.1"],
    ["logs: time window (1 h, 10 days ago)", `from=${new Date(Date.now() - 10 * 86_400_000).toISOString()}&to=${new Date(Date.now() - 10 * 86_400_000 + 3_600_000).toISOString()}`],
    ["logs: request id prefix", `q=${sample.slice(0, 12)}`],
    ["logs: id prefix matching every row (req_)", "q=req_"],
    ["logs: error + model + stream (sparse)", "status=502&model=mistral/mistral-small&stream=true"],
  ];
  for (const [name, qs] of cases) await time(name, () => listLogs(userId, logs(qs)));
  await time("log detail", () => getLog(userId, sample));

  if (values.explain) {
    const explain = async (title: string, sql: string, params: unknown[]) => {
      const r = await pool().query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
      console.log(`\n-- ${title}\n${r.rows.map((x) => x["QUERY PLAN"]).join("\n")}`);
    };
    const r30 = resolveRange({ range: "30d" });
    await explain("overview, one scan for three groupings (30d, daily rollups)", `SELECT date_trunc('day', day) t, model, error_class,
      api_key_id, sum(requests), sum(cost_units) FROM usage_rollups_daily WHERE user_id = $1 AND day >= $2 AND day < $3
      GROUP BY GROUPING SETS ((1, model), (1, error_class), (api_key_id))`, [userId, r30.start.toISOString(), r30.end.toISOString()]);
    await explain("latency histogram (30d, daily)", `SELECT date_trunc('day', day) t, metric, bucket, sum(count) FROM latency_rollups_daily
      WHERE user_id = $1 AND day >= $2 AND day < $3 GROUP BY 1, 2, 3`, [userId, r30.start.toISOString(), r30.end.toISOString()]);
    const r24 = resolveRange({ range: "24h" });
    await explain("overview 24 h (hourly rollups)", `SELECT date_trunc('hour', hour) t, model, sum(requests) FROM usage_rollups
      WHERE user_id = $1 AND hour >= $2 AND hour < $3 GROUP BY 1, 2`, [userId, r24.start.toISOString(), r24.end.toISOString()]);
    await explain("logs status=502", `SELECT id FROM request_logs WHERE user_id = $1 AND status = $2 ORDER BY created_at DESC, id DESC LIMIT 51`, [userId, 502]);
    await explain("logs model filter (served ∪ failed-asking)", `SELECT * FROM (
      (SELECT id, created_at FROM request_logs WHERE user_id = $1 AND resolved_model = $2 ORDER BY created_at DESC, id DESC LIMIT 51)
      UNION ALL (SELECT id, created_at FROM request_logs WHERE user_id = $1 AND resolved_model IS NULL AND requested_model = $2
        ORDER BY created_at DESC, id DESC LIMIT 51)) x ORDER BY created_at DESC, id DESC LIMIT 51`, [userId, "mistral/mistral-small"]);
    await explain("logs id prefix", `SELECT id FROM request_logs WHERE user_id = $1 AND id ~>=~ $2 AND id ~<~ $3 ORDER BY created_at DESC, id DESC LIMIT 51`, [userId, sample.slice(0, 12), sample.slice(0, 11) + String.fromCharCode(sample.charCodeAt(11) + 1)]);
    await explain("logs sparse combination", `SELECT id FROM request_logs WHERE user_id = $1 AND status = 502 AND resolved_model = $2 AND stream ORDER BY created_at DESC, id DESC LIMIT 51`, [userId, "mistral/mistral-small"]);
  }
}

main().then(() => closeDb(), async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await closeDb();
  process.exit(1);
});
