// `npx tsx bench/soak.ts` (not in CI): steady load on the production build (dist/server.mjs)
// through the provider emulator for SOAK_SECONDS (default 600), sampling the gateway process
// every SOAK_SAMPLE_SECONDS (10): RSS, CPU, open file descriptors and sockets
// (/proc/<pid>/fd), event-loop delay (/api/metrics, switchyard_eventloop_delay_*), DB pool
// size, and the load's throughput, latency and errors. Prints a table and a verdict: flat
// when the last third's mean exceeds the middle third's by no more than SOAK_FLAT_PCT (10 %)
// or a small absolute floor (the first third is warm-up). Exit code 1 when not flat.
//
// CPU-heavy: run it niced and holding the build lock (it builds when the build is stale and
// its gateway reads .next/ while it runs):
//   flock /tmp/switchyard-build.lock nice -n 10 npx tsx bench/soak.ts
// Knobs: SOAK_SECONDS, SOAK_SAMPLE_SECONDS, SOAK_CONCURRENCY (8: half JSON, half streams),
// SOAK_LATENCY_MS (upstream latency, 20), SOAK_ACCOUNTS (4), SOAK_FLAT_PCT (10).
// Writes bench/results/soak-<date>.json.
import fs from "node:fs";
import path from "node:path";
import { buildIsCurrent } from "../scripts/lib/build-state";
import { run } from "../scripts/lib/run";
import { closePools, newSamples, runSlice, type Samples, type Target } from "./load";
import { cpuMsTree as cpuMs, rssMb } from "./proc";
import { setUpstreamLatency, startStack } from "./setup";
import { dist, round } from "./stats";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = num("SOAK_SECONDS", 600);
const SAMPLE_MS = num("SOAK_SAMPLE_SECONDS", 10) * 1000;
const CONCURRENCY = num("SOAK_CONCURRENCY", 8);
const LATENCY_MS = num("SOAK_LATENCY_MS", 20);
const ACCOUNTS = num("SOAK_ACCOUNTS", 4);
const FLAT_PCT = num("SOAK_FLAT_PCT", 10);
const METRICS_TOKEN = "soak-metrics-token-0123456789";

type Row = {
  t: number; rps: number; p50: number; p99: number; errors: number; rssMb: number; cpuPct: number;
  fds: number; sockets: number; loopP99Ms: number; loopMaxMs: number; dbConns: number;
};

/** Open file descriptors of a process, and how many of them are sockets. */
function openFds(pid: number): { fds: number; sockets: number } {
  const dir = `/proc/${pid}/fd`;
  let sockets = 0;
  const entries = fs.readdirSync(dir);
  for (const e of entries) {
    try {
      if (fs.readlinkSync(path.join(dir, e)).startsWith("socket:")) sockets++;
    } catch {
      // closed meanwhile
    }
  }
  return { fds: entries.length, sockets };
}

/** One scrape of /api/metrics as name → value (unlabelled series and `state="total"` only). */
async function scrape(origin: string): Promise<Map<string, number>> {
  const res = await fetch(`${origin}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`/api/metrics answered ${res.status}`);
  const out = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    const m = /^([a-z0-9_]+)(\{state="total"\})? (\S+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[3]));
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);

type Check = { metric: string; middle: number; last: number; allowed: number; flat: boolean };

/** Flat = the last third's mean is at most the middle third's plus max(FLAT_PCT %, floor). */
function check(rows: Row[], metric: keyof Row, floor: number): Check {
  const third = Math.floor(rows.length / 3);
  const middle = mean(rows.slice(third, 2 * third).map((r) => r[metric]));
  const last = mean(rows.slice(2 * third).map((r) => r[metric]));
  const allowed = Math.max((middle * FLAT_PCT) / 100, floor);
  return { metric, middle: round(middle, 2), last: round(last, 2), allowed: round(allowed, 2), flat: last - middle <= allowed };
}

function printTable(rows: Row[]): void {
  const cols: Array<[string, (r: Row) => string]> = [
    ["t (s)", (r) => String(r.t)], ["req/s", (r) => r.rps.toFixed(0)], ["p50 ms", (r) => r.p50.toFixed(2)],
    ["p99 ms", (r) => r.p99.toFixed(2)], ["errors", (r) => String(r.errors)], ["RSS MB", (r) => r.rssMb.toFixed(1)],
    ["CPU %", (r) => r.cpuPct.toFixed(0)], ["fds", (r) => String(r.fds)], ["sockets", (r) => String(r.sockets)],
    ["loop p99 ms", (r) => r.loopP99Ms.toFixed(2)], ["loop max ms", (r) => r.loopMaxMs.toFixed(1)], ["DB conns", (r) => String(r.dbConns)],
  ];
  console.log(`| ${cols.map(([h]) => h).join(" | ")} |`);
  console.log(`|${cols.map(() => " ---:").join(" |")} |`);
  for (const r of rows) console.log(`| ${cols.map(([, f]) => f(r)).join(" | ")} |`);
}

process.chdir(path.resolve(import.meta.dirname, ".."));
if (!buildIsCurrent()) {
  console.log("soak: the production build is missing or stale — building (npm run build)…");
  await run("npm", ["run", "build"], { ...process.env, NODE_ENV: "production" });
}
process.env.METRICS_TOKEN = METRICS_TOKEN; // the gateway inherits it (startStack passes process.env)
const stack = await startStack({ gatewayOnly: true, accounts: ACCOUNTS });
let exitCode: number;
try {
  await setUpstreamLatency(stack.emulator.url, LATENCY_MS);
  const gateway = stack.gateway;
  const json = { "content-type": "application/json" };
  const target = (name: string): Target => ({
    name, origin: gateway.url, path: "/v1/chat/completions", model: "sim/fast",
    headers: { ...json, authorization: `Bearer ${stack.apiKey}` },
    headersFor: (i) => ({ ...json, authorization: `Bearer ${stack.apiKeys[i % stack.apiKeys.length]}` }),
  });
  await scrape(gateway.url); // starts the gateway's event-loop delay monitor
  console.log(`soak: ${SECONDS} s, c=${CONCURRENCY} (JSON + streams), upstream ${LATENCY_MS} ms, ${ACCOUNTS} accounts, gateway pid ${gateway.pid}`);

  const jsonSamples = newSamples();
  const streamSamples = newSamples();
  const half = Math.floor(CONCURRENCY / 2);
  const load = Promise.all([
    runSlice(target("soak-json"), half, false, SECONDS * 1000, jsonSamples),
    runSlice(target("soak-stream"), CONCURRENCY - half, true, SECONDS * 1000, streamSamples),
  ]);
  let loadDone = false;
  void load.finally(() => (loadDone = true));

  const rows: Row[] = [];
  const started = Date.now();
  let lastAt = started;
  let lastCpu = cpuMs(gateway.pid);
  let errorsSeen = 0;
  let firstError: string | undefined;
  let total = 0;
  const take = (s: Samples) => s.latencies.splice(0);
  while (!loadDone) {
    await Promise.race([new Promise((r) => setTimeout(r, started + (rows.length + 1) * SAMPLE_MS - Date.now())), load]);
    const now = Date.now();
    if (now - lastAt < SAMPLE_MS / 2) break; // the load ended just after the last full window
    const latencies = [...take(jsonSamples), ...take(streamSamples)];
    jsonSamples.ttfbs.length = 0;
    streamSamples.ttfbs.length = 0;
    const errors = jsonSamples.errors + streamSamples.errors;
    firstError ??= jsonSamples.firstError ?? streamSamples.firstError;
    const cpu = cpuMs(gateway.pid);
    const metrics = await scrape(gateway.url);
    const d = dist(latencies);
    total += latencies.length;
    const row: Row = {
      t: Math.round((now - started) / 1000), rps: latencies.length / ((now - lastAt) / 1000), p50: d.p50, p99: d.p99,
      errors: errors - errorsSeen, rssMb: rssMb(gateway.pid), cpuPct: ((cpu - lastCpu) / (now - lastAt)) * 100,
      ...openFds(gateway.pid),
      loopP99Ms: (metrics.get("switchyard_eventloop_delay_p99_seconds") ?? NaN) * 1000,
      loopMaxMs: (metrics.get("switchyard_eventloop_delay_max_seconds") ?? NaN) * 1000,
      dbConns: metrics.get("switchyard_db_pool_connections") ?? NaN,
    };
    errorsSeen = errors;
    lastAt = now;
    lastCpu = cpu;
    rows.push(row);
    console.log(`soak: t=${row.t}s ${row.rps.toFixed(0)} req/s, RSS ${row.rssMb.toFixed(1)} MB, ${row.fds} fds, loop p99 ${row.loopP99Ms.toFixed(2)} ms`);
  }

  await load;
  errorsSeen = jsonSamples.errors + streamSamples.errors;
  firstError ??= jsonSamples.firstError ?? streamSamples.firstError;
  console.log("");
  printTable(rows);
  const checks = [check(rows, "rssMb", 8), check(rows, "fds", 4), check(rows, "sockets", 4), check(rows, "loopP99Ms", 2)];
  const flat = checks.every((c) => c.flat) && rows.length >= 6;
  console.log("");
  for (const c of checks) {
    console.log(`${c.flat ? "flat " : "GROWS"} ${c.metric}: middle third ${c.middle}, last third ${c.last} (allowed +${c.allowed})`);
  }
  console.log(`errors: ${errorsSeen}${firstError ? ` (first: ${firstError})` : ""}; ${total} requests answered`);
  console.log(`verdict: ${flat ? "FLAT" : "NOT FLAT"} (last third vs middle third within ${FLAT_PCT} % or the floor)`);
  const out = path.resolve("bench/results", `soak-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(out, JSON.stringify({ seconds: SECONDS, concurrency: CONCURRENCY, latencyMs: LATENCY_MS, accounts: ACCOUNTS,
    flatPct: FLAT_PCT, rows, checks, errors: errorsSeen, firstError, verdict: flat ? "flat" : "not flat" }, null, 2));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  exitCode = flat && errorsSeen === 0 ? 0 : 1;
  if (errorsSeen > 0) {
    // The stack's folder (and the gateway's log) goes away on stop: show why requests failed.
    const log = fs.readFileSync(path.join(stack.dir, "switchyard.log"), "utf8").split("\n");
    console.log("gateway log, last errors:\n" + log.filter((l) => /error/i.test(l)).slice(-5).join("\n"));
  }
} finally {
  await closePools();
  await stack.stop();
}
process.exit(exitCode);
