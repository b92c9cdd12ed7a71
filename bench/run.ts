// `npm run bench`: Switchyard vs Portkey vs a bare node:http proxy vs the emulator directly,
// on this machine, in one run. Targets are interleaved in short slices (the machine is
// noisy), at concurrency 1/16/64, non-streaming and streaming, with the upstream answering
// at once (0 ms) and after 50 ms. Writes bench/results/<date>.json and latest.json.
// Knobs (env): BENCH_WORKERS=N (our WEB_CONCURRENCY, default 1), BENCH_SLICE_MS (default 1200), BENCH_ROUNDS (3), BENCH_QUICK=1 (a short
// smoke run), BENCH_CPU_PROF=<dir> (--cpu-prof the gateway), BENCH_ONLY=ours,portkey,…,
// BENCH_TAG=<name> (an experiment: writes results/<date>-<name>.json only),
// BENCH_ACCOUNTS=N (spread the load over N accounts; default 1 = every request debits one
// balance row), BENCH_BASELINE=1 (also run dist/baseline/server.mjs, see build-baseline.ts),
// compare3 (POST /compare of three models, issue #19) runs on the switchyard process and is
// reported as CPU per request vs one chat. BENCH_PAGES=0 (skip rendering pages first; by default every gateway process renders a few
// Next pages before it is measured, as a production deployment that serves the dashboard
// does — on Node 20 that alone makes every API request pay for AsyncLocalStorage).
import fs from "node:fs";
import path from "node:path";
import { buildIsCurrent } from "../scripts/lib/build-state";
import { run } from "../scripts/lib/run";
import { closePools, newSamples, runSlice, settle, SETTLE_MS, type Samples } from "./load";
import { apiWorkerPids, cpuMsTree, processTree, rssMb, treeCpu, treeCpuDelta } from "./proc";
import { setUpstreamLatency, startStack } from "./setup";
import { stackTargets } from "./targets";
import { buildReport, printTable, writeResults, type CellResult, type TargetName } from "./report";

const quick = process.env.BENCH_QUICK === "1";
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? (quick ? 400 : 1200));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 2 : 3));
const CONCURRENCY = quick ? [1, 16] : [1, 16, 64];
const LATENCIES = quick ? [0] : [0, 50];
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1); // >1: each load worker uses its own account

process.chdir(path.resolve(import.meta.dirname, ".."));
if (!buildIsCurrent()) {
  console.log("bench: the production build is missing or stale — building (npm run build)…");
  await run("npm", ["run", "build"], { ...process.env, NODE_ENV: "production" });
}

const baselineJs = path.resolve("dist/baseline/server.mjs");
if (process.env.BENCH_BASELINE === "1" && !fs.existsSync(baselineJs)) throw new Error("run `tsx bench/build-baseline.ts` first");
const stack = await startStack({ cpuProfDir: process.env.BENCH_CPU_PROF, portkeyProfDir: process.env.BENCH_PORTKEY_PROF,
  baseline: process.env.BENCH_BASELINE === "1" ? baselineJs : undefined, accounts: ACCOUNTS });
let exitCode = 0;
try {
  const emu = stack.emulator.url;
  const { targets, procs } = stackTargets(stack);
  const only = process.env.BENCH_ONLY?.split(",") as TargetName[] | undefined;
  const names = (Object.keys(targets) as TargetName[]).filter((n) => !only || only.includes(n));

  if (process.env.BENCH_PAGES !== "0") {
    for (const n of ["switchyard", "baseline"] as const) {
      const origin = targets[n]?.origin;
      if (origin) for (const p of ["/", "/login", "/signup", "/dashboard"]) await (await fetch(origin + p)).text();
    }
  }

  // Idle RSS after start-up, then RSS sampled every 100 ms for the peak. A server of several
  // processes (ours: primary, API workers, Next) is measured by its API process(es) — what
  // serves the load, compared with Portkey's one process — and, as `<name>-all`, by the whole tree.
  await new Promise((r) => setTimeout(r, 1000));
  const rss: Record<string, { idle: number; peak: number }> = {};
  // compare3 runs on the switchyard process: one RSS figure per process.
  const processes = Object.entries(procs).filter(([n]) => n !== "compare3");
  const sum = (pids: number[]) => pids.reduce((t, p) => t + rssMb(p), 0);
  // The pids are looked up once: finding a tree scans all of /proc (~30 ms with the bench's
  // ~100 processes), and the sampler runs every 100 ms in this process, the load generator's,
  // where it stalled whichever request was in flight (a c=1 p99 of every target).
  const measures: [string, () => number][] = processes.flatMap(([n, p]) => {
    const apiPids = apiWorkerPids(p.pid);
    const allPids = processTree(p.pid);
    const api: [string, () => number] = [n, () => sum(apiPids)];
    return allPids.length > 1 ? [api, [`${n}-all`, () => sum(allPids)] as [string, () => number]] : [api];
  });
  for (const [n, m] of measures) rss[n] = { idle: m(), peak: m() };
  const sampler = setInterval(() => {
    for (const [n, m] of measures) rss[n]!.peak = Math.max(rss[n]!.peak, m());
  }, 100);

  console.log("bench: warming up…");
  for (const stream of [false, true]) for (const n of names) await runSlice(targets[n]!, 16, stream, quick ? 500 : 1500, newSamples());

  const cells: CellResult[] = [];
  let slot = 0;
  for (const latencyMs of LATENCIES) {
    await setUpstreamLatency(emu, latencyMs);
    for (const stream of [false, true]) {
      for (const concurrency of CONCURRENCY) {
        const samples = Object.fromEntries(names.map((n) => [n, newSamples()])) as Record<TargetName, Samples>;
        const busyMs = Object.fromEntries(names.map((n) => [n, 0])) as Record<TargetName, number>;
        const cpu: Record<string, number> = {};
        const dbMs = Object.fromEntries(names.map((n) => [n, 0])) as Record<TargetName, number>;
        // A closed loop at c=1 against a slow upstream returns only ~20 responses a second:
        // longer slices and twice the rounds there, so each p50 rests on ~400 responses
        // instead of ~70 (at 200, the ours/Portkey ratio of added p50 moved by ±0.15 between
        // runs: each added p50 is a difference of two p50s ~1 ms wide).
        const slow = concurrency === 1 && latencyMs > 0;
        const sliceMs = slow ? SLICE_MS * 3 : SLICE_MS;
        for (let r = 0; r < (slow ? ROUNDS * 2 : ROUNDS); r++) {
          for (let i = 0; i < names.length; i++) {
            const n = names[(i + slot) % names.length]!; // rotate who goes first
            // CPU is charged per slice, to the server under load — all its processes — (idle
            // timers of the others are not), once its post-response work (settle, batched logs) has landed.
            const proc = procs[n];
            const cpuBefore = proc ? cpuMsTree(proc.pid) : 0;
            const dbBefore = treeCpu(stack.pgPid);
            const t0 = performance.now();
            await runSlice(targets[n]!, concurrency, stream, sliceMs, samples[n]);
            busyMs[n] += performance.now() - t0;
            if (proc) await settle(n === "switchyard" || n === "baseline" || n === "compare3" ? SETTLE_MS : 50);
            if (proc) cpu[n] = (cpu[n] ?? 0) + cpuMsTree(proc.pid) - cpuBefore;
            dbMs[n] += treeCpuDelta(dbBefore, treeCpu(stack.pgPid));
          }
          slot++;
        }
        const cell: CellResult = { latencyMs, stream, concurrency, samples, busyMs, cpuMs: cpu, dbCpuMs: dbMs };
        cells.push(cell);
        const errs = names.filter((n) => samples[n].errors > 0).map((n) => `${n}: ${samples[n].errors} (${samples[n].firstError})`);
        console.log(`bench: ${latencyMs} ms upstream, ${stream ? "stream" : "json"}, c=${concurrency} done${errs.length ? " — errors " + errs.join("; ") : ""}`);
      }
    }
  }
  clearInterval(sampler);
  const report = buildReport({ cells, rss, names, sliceMs: SLICE_MS, rounds: ROUNDS, accounts: ACCOUNTS });
  printTable(report);
  const file = writeResults(report, process.env.BENCH_TAG);
  console.log(`\nbench: wrote ${file}${process.env.BENCH_TAG ? "" : " and bench/results/latest.json"}`);
} catch (err) {
  console.error(err instanceof Error ? err.stack : err);
  exitCode = 1;
} finally {
  await closePools();
  await stack.stop();
}
process.exit(exitCode);
