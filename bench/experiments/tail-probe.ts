// `tsx bench/experiments/tail-probe.ts [seconds=8]`: CPU per request, p99 and GC pauses at c=1
// (C=<n> for another concurrency), 0 ms upstream, JSON then stream. The server runs with
// --trace-gc; BASELINE=1 also runs dist/baseline/server.mjs (bench/build-baseline.ts) in
// alternating 1 s slices, for a before/after on the same machine state.
// NICE_PG=<n> runs Postgres at that nice level; ZERO_RETENTION=1 stores no bodies.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { closePools, newSamples, runSlice, type Samples } from "../load";
import { cpuMsTree, processTree } from "../proc";
import { startStack, type Proc } from "../setup";
import { dist } from "../stats";
import { gatewayTarget } from "../targets";
import { gcPauseMs as pause } from "./gc-log";

const seconds = Number(process.argv[2] ?? 8);
const SLOW_MS = Number(process.env.SLOW_MS ?? 4);
const C = Number(process.env.C ?? 1);
const SLICE_MS = 1000;
for (const v of ["BENCH_GATEWAY_FLAGS", "BENCH_BASELINE_FLAGS"]) process.env[v] = `${process.env[v] ?? ""} --trace-gc`.trim();
const stack = await startStack({ gatewayOnly: true, baseline: process.env.BASELINE === "1" ? "dist/baseline/server.mjs" : undefined });
const servers: Proc[] = [stack.gateway, ...(stack.baseline ? [stack.baseline] : [])];
const targetOf = (p: Proc) => gatewayTarget(p, stack.apiKey);
if (process.env.NICE_PG) execFileSync("renice", ["-n", process.env.NICE_PG, "-p", ...processTree(stack.pgPid).map(String)]);
if (process.env.ZERO_RETENTION === "1") {
  const c = new pg.Client({ connectionString: stack.pg.url });
  await c.connect();
  await c.query("UPDATE users SET zero_retention = true");
  await c.end();
}
const gcLines = (p: Proc) => fs.readFileSync(path.join(stack.dir, `${p.name}.log`), "utf8").split("\n")
  .filter((l) => /Scavenge|Mark-Compact|Mark-sweep/.test(l));
try {
  for (const p of servers) {
    for (const page of ["/", "/login"]) await (await fetch(p.url + page)).text(); // a production deployment renders pages
    for (const s of [false, true]) await runSlice(targetOf(p), 16, s, 1500, newSamples());
  }
  for (const s of [false, true]) {
    const acc = new Map(servers.map((p) => [p.name, { samples: newSamples() as Samples, cpu: 0, gc0: gcLines(p).length }]));
    const rounds = Math.max(1, Math.round((seconds * 1000) / SLICE_MS));
    for (let r = 0; r < rounds; r++) {
      for (const p of r % 2 ? [...servers].reverse() : servers) {
        const a = acc.get(p.name)!;
        const cpu0 = cpuMsTree(p.pid);
        await runSlice(targetOf(p), C, s, SLICE_MS, a.samples);
        await new Promise((res) => setTimeout(res, 300));
        a.cpu += cpuMsTree(p.pid) - cpu0;
      }
    }
    for (const p of servers) {
      const a = acc.get(p.name)!;
      const n = Math.max(1, a.samples.latencies.length);
      const d = dist(a.samples.latencies);
      const slow = a.samples.latencies.filter((x) => x > SLOW_MS).length;
      const gc = gcLines(p).slice(a.gc0);
      const total = gc.reduce((t, l) => t + pause(l), 0);
      console.log(`${s ? "stream" : "json"} c=${C} ${p.name}: n=${n} CPU ${(a.cpu / n).toFixed(3)} ms/req, p50 ${d.p50.toFixed(2)} ` +
        `p99 ${d.p99.toFixed(2)} ms, ${slow} over ${SLOW_MS} ms; GC ${gc.length} pauses (${gc.filter((l) => /Mark/.test(l)).length} mark-compact), ` +
        `${(total / n).toFixed(4)} ms/req, longest ${gc.map(pause).sort((x, y) => y - x).slice(0, 5).map((x) => x.toFixed(1)).join(" ")}`);
    }
  }
} finally {
  await closePools();
  await stack.stop();
}
