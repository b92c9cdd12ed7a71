// `tsx bench/experiments/tail-probe.ts [seconds=8]`: CPU per request, p99 and GC pauses at c=1
// (C=<n> for another concurrency), 0 ms upstream, JSON then stream. The server runs with
// --trace-gc; BASELINE=1 also runs dist/baseline/server.mjs (bench/build-baseline.ts) in
// alternating 1 s slices, for a before/after on the same machine state.
// NICE_PG=<n> runs Postgres at that nice level (its processes; AUTOGROUP_NICE_PG=<n>: its autogroup,
// what counts with kernel.sched_autogroup_enabled=1); ZERO_RETENTION=1 stores no bodies; BASELINE_JS=<path>
// another build as the BASELINE=1 target (e.g. a copy of dist/ with one change: a same-machine A/B);
// SETTLE_MS=<ms> the wait after each slice (default: the charge batch interval + 300 ms, so the
// slice's last batch counts in its CPU; 300 gives the continuous load of runs before 2026-12-07 afternoon).
// PG_CPUS=<list> pins Postgres to those CPUs; NICE_NEXT=<n> renices the Next process; PAGES_DURING=<path,…>
// fetches those pages throughout each measured slice (their CPU counts in the server's); AFTER_PAGES_MS=<ms>
// waits after the first pages before measuring (docs/performance.md, "2026-12-07 (late evening)").
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { closePools, newSamples, runSlice, settle, SETTLE_MS, type Samples } from "../load";
import { apiWorkerPids, cpuMsTree, processTree, treePidsRunning } from "../proc";
import { startStack, type Proc } from "../setup";
import { dist } from "../stats";
import { gatewayTarget } from "../targets";
import { gcLinesSince, gcLogMark, gcPauseMs as pause } from "./gc-log";

const seconds = Number(process.argv[2] ?? 8);
const SLOW_MS = Number(process.env.SLOW_MS ?? 4);
const C = Number(process.env.C ?? 1);
const SLICE_MS = 1000;
for (const v of ["BENCH_GATEWAY_FLAGS", "BENCH_BASELINE_FLAGS"]) process.env[v] = `${process.env[v] ?? ""} --trace-gc`.trim();
const stack = await startStack({ gatewayOnly: true, baseline: process.env.BASELINE === "1" ? (process.env.BASELINE_JS ?? "dist/baseline/server.mjs") : undefined });
const servers: Proc[] = [stack.gateway, ...(stack.baseline ? [stack.baseline] : [])];
const targetOf = (p: Proc) => gatewayTarget(p, stack.apiKey);
if (process.env.NICE_PG) execFileSync("renice", ["-n", process.env.NICE_PG, "-p", ...processTree(stack.pgPid).map(String)]);
// With autogroup scheduling (kernel.sched_autogroup_enabled=1) a process's nice only counts
// within its session's group; Postgres (pg_ctl starts it in a session of its own) competes as
// a group, whose nice is /proc/<pid>/autogroup.
if (process.env.AUTOGROUP_NICE_PG) {
  fs.writeFileSync(`/proc/${stack.pgPid}/autogroup`, process.env.AUTOGROUP_NICE_PG);
  console.log(`postgres ${fs.readFileSync(`/proc/${stack.pgPid}/autogroup`, "utf8").trim()}, this process ${fs.readFileSync("/proc/self/autogroup", "utf8").trim()}`);
}
// PG_CPUS=<list>: Postgres's processes (and the backends it forks later) on those CPUs only.
if (process.env.PG_CPUS) {
  for (const pid of processTree(stack.pgPid)) execFileSync("taskset", ["-a", "-p", "-c", process.env.PG_CPUS, String(pid)], { stdio: "ignore" });
}
// NICE_NEXT=<n>: the Next process at that nice level (it shares the API worker's session, so
// nice counts between them). PAGES_DURING=<path,…>: those pages are fetched one after another on
// every server throughout the measured slices (dashboard traffic beside the API's).
if (process.env.NICE_NEXT) {
  for (const p of servers) {
    execFileSync("renice", ["-n", process.env.NICE_NEXT, "-p", ...treePidsRunning(p.pid, "next-server").map(String)], { stdio: "ignore" });
  }
}
const pagesDuring = process.env.PAGES_DURING?.split(",").filter(Boolean) ?? [];
let pageLoads = 0;
let pageMs = 0;
let pagesOn = false;
async function renderLoop(p: Proc): Promise<void> {
  while (pagesOn) {
    for (const page of pagesDuring) {
      const t0 = performance.now();
      await (await fetch(p.url + page)).text();
      pageMs += performance.now() - t0;
      pageLoads++;
    }
  }
}
if (process.env.ZERO_RETENTION === "1") {
  const c = new pg.Client({ connectionString: stack.pg.url });
  await c.connect();
  await c.query("UPDATE users SET zero_retention = true");
  await c.end();
}
// The API worker's GC lines only: the log holds the whole server tree (Next's memory reducer too).
const workerPid = new Map(servers.map((p) => [p.name, apiWorkerPids(p.pid)[0]!]));
const gcLines = (p: Proc, mark: number) => gcLinesSince(stack.dir, p, mark, workerPid.get(p.name)!)
  .filter((l) => /Scavenge|Mark-Compact|Mark-sweep/.test(l));
try {
  for (const p of servers) {
    for (const page of ["/", "/login"]) await (await fetch(p.url + page)).text(); // a production deployment renders pages
    for (const s of [false, true]) await runSlice(targetOf(p), 16, s, 1500, newSamples());
  }
  // AFTER_PAGES_MS=<ms>: wait that long before measuring (the Next process's memory-reducer GCs
  // after its first pages come ~15–25 s later).
  await new Promise((r) => setTimeout(r, Number(process.env.AFTER_PAGES_MS ?? 0)));
  for (const s of [false, true]) {
    const acc = new Map(servers.map((p) => [p.name, { samples: newSamples() as Samples, cpu: 0, gc0: gcLogMark(stack.dir, p) }]));
    const rounds = Math.max(1, Math.round((seconds * 1000) / SLICE_MS));
    for (let r = 0; r < rounds; r++) {
      for (const p of r % 2 ? [...servers].reverse() : servers) {
        const a = acc.get(p.name)!;
        const cpu0 = cpuMsTree(p.pid);
        pagesOn = pagesDuring.length > 0;
        const pages = pagesOn ? renderLoop(p) : Promise.resolve();
        await runSlice(targetOf(p), C, s, SLICE_MS, a.samples);
        pagesOn = false;
        await pages;
        await settle(Number(process.env.SETTLE_MS ?? SETTLE_MS)); // the slice's last charge batch
        a.cpu += cpuMsTree(p.pid) - cpu0;
      }
    }
    for (const p of servers) {
      const a = acc.get(p.name)!;
      const n = Math.max(1, a.samples.latencies.length);
      const d = dist(a.samples.latencies);
      const slow = a.samples.latencies.filter((x) => x > SLOW_MS).length;
      const gc = gcLines(p, a.gc0);
      const total = gc.reduce((t, l) => t + pause(l), 0);
      console.log(`${s ? "stream" : "json"} c=${C} ${p.name}: n=${n} CPU ${(a.cpu / n).toFixed(3)} ms/req, p50 ${d.p50.toFixed(2)} ` +
        `p99 ${d.p99.toFixed(2)} ms, ${slow} over ${SLOW_MS} ms; GC ${gc.length} pauses (${gc.filter((l) => /Mark/.test(l)).length} mark-compact), ` +
        `${(total / n).toFixed(4)} ms/req, longest ${gc.map(pause).sort((x, y) => y - x).slice(0, 5).map((x) => x.toFixed(1)).join(" ")}`);
    }
  }
  if (pageLoads) console.log(`pages during the slices: ${pageLoads} loads, mean ${(pageMs / pageLoads).toFixed(1)} ms`);
} finally {
  await closePools();
  await stack.stop();
}
