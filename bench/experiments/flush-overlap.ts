// `tsx bench/experiments/flush-overlap.ts [seconds=8] [json|stream]`: are the slow c=1 requests
// (0 ms upstream) the ones in flight while a charge batch runs in Postgres? Postgres logs every
// statement's duration (log_min_duration_statement = 0, this throwaway cluster only); the
// charge statement's log lines give each batch's window, on the same wall clock as the
// requests' windows here. Prints the p99 inside and outside those windows, and where the
// requests over SLOW_MS (default 2) fall after the latest batch's start.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { startStack } from "../setup";
import { dist, type Dist } from "../stats";
import { c1Windows } from "./c1-windows";

const seconds = Number(process.argv[2] ?? 8);
const stream = process.argv[3] !== "json";
const SLOW_MS = Number(process.env.SLOW_MS ?? 2);
const stack = await startStack({ gatewayOnly: true });
const admin = new pg.Client({ connectionString: stack.pg.url });
await admin.connect();
await admin.query("ALTER SYSTEM SET log_min_duration_statement = 0");
await admin.query("SELECT pg_reload_conf()");
await admin.end();
const now = () => performance.timeOrigin + performance.now(); // wall clock, ms, as Postgres logs
let windows: Array<[number, number]>;
let log: string;
try {
  windows = await c1Windows(stack, stream, seconds, now);
  await new Promise((r) => setTimeout(r, 1500)); // the last batch's log line
  log = fs.readFileSync(path.join(path.dirname(stack.pg.dataDir), "postgres.log"), "utf8");
} finally {
  await stack.stop();
}

// "2026-12-07 12:55:01.123 UTC [123] LOG:  duration: 12.3 ms  bind request_logs_insert: …", then
// "… duration: 41.2 ms  execute request_logs_insert: …": the parameter (the whole batch) is
// received and parsed in the bind step, so a batch's window runs from its bind's start to its
// execute's end.
const batches: Array<[number, number]> = [];
const bindStart = new Map<string, number>();
for (const m of log.matchAll(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) UTC \[(\d+)\] LOG: {2}duration: ([\d.]+) ms {2}(bind|execute) request_logs_insert/gm)) {
  const end = Date.parse(`${m[1]!.replace(" ", "T")}Z`);
  const start = end - Number(m[3]);
  if (m[4] === "bind") bindStart.set(m[2]!, start);
  else batches.push([bindStart.get(m[2]!) ?? start, end]);
}
const from = windows[0]![0];
const inRun = batches.filter(([, b]) => b >= from);
const overlaps = ([a, b]: [number, number]) => inRun.some(([fa, fb]) => a < fb && b > fa);
const lat = (ws: Array<[number, number]>) => dist(ws.map(([a, b]) => b - a));
const p50p99 = (d: Dist) => `p50 ${d.p50.toFixed(2)} p99 ${d.p99.toFixed(2)}`;
const during = windows.filter(overlaps);
const outside = windows.filter((w) => !overlaps(w));
const busy = inRun.reduce((t, [a, b]) => t + b - a, 0);
console.log(`${inRun.length} charge statements, median ${lat(inRun).p50.toFixed(1)} ms, Postgres on them ${(busy / (seconds * 10)).toFixed(1)} % of the time`);
console.log(`all:                 n=${windows.length} ${p50p99(lat(windows))} ms`);
console.log(`during a statement:  n=${during.length} ${p50p99(lat(during))} ms`);
console.log(`outside:             n=${outside.length} ${p50p99(lat(outside))} ms`);
const slow = windows.filter(([a, b]) => b - a > SLOW_MS);
const hist = new Map<number, number>();
for (const [a] of slow) {
  const last = inRun.filter(([fa]) => fa <= a).at(-1);
  const bucket = last ? Math.floor((a - last[0]) / 20) * 20 : -1;
  hist.set(bucket, (hist.get(bucket) ?? 0) + 1);
}
console.log(`over ${SLOW_MS} ms: ${slow.length}, ${slow.filter(overlaps).length} of them during a statement; by ms after the latest statement's start (20 ms buckets, -1 = before the first):`);
console.log("  " + [...hist].sort((x, y) => x[0] - y[0]).map(([k, v]) => `${k}:${v}`).join(" "));
