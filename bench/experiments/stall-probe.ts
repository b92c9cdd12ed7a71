// `tsx bench/experiments/stall-probe.ts [seconds=6] [json|stream]`: what the API worker was doing
// during the slowest c=1 requests (0 ms upstream). The worker runs under --cpu-prof (100 µs);
// each request's start and end are taken on the same monotonic clock as the profile's
// timestamps, so the samples inside a slow request's window show whether the worker was busy
// (and with what) or idle (the stall was elsewhere: the scheduler, the emulator, the client).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startStack } from "../setup";
import { c1Windows } from "./c1-windows";

const seconds = Number(process.argv[2] ?? 6);
const stream = process.argv[3] === "stream";
const SLOW_MS = Number(process.env.SLOW_MS ?? 3);
const profDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-stall-"));
process.env.BENCH_CPU_PROF_INTERVAL = "100";
const stack = await startStack({ gatewayOnly: true, cpuProfDir: profDir });
const us = () => Number(process.hrtime.bigint() / 1000n); // the profile's clock
let windows: Array<[number, number]>;
try {
  windows = await c1Windows(stack, stream, seconds, us);
} finally {
  await stack.stop();
}
const file = fs.readdirSync(profDir).map((f) => path.join(profDir, f)).find((f) => fs.readFileSync(f, "utf8").includes("api-worker.mjs"));
if (!file) throw new Error("no worker profile");
type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
const prof = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const times: number[] = [];
prof.timeDeltas.reduce((t, d, i) => (times[i] = t + d), prof.startTime);
const stackOf = (id: number) => {
  const names: string[] = [];
  for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
    const f = byId.get(p)!.callFrame;
    if (f.functionName && f.functionName !== "(root)") names.push(f.functionName);
  }
  return names.slice(0, 6).join(" < ");
};
const lat = windows.map(([a, b]) => (b - a) / 1000).sort((a, b) => a - b);
console.log(`${windows.length} requests, p50 ${lat[lat.length >> 1]!.toFixed(2)} p99 ${lat[Math.floor(lat.length * 0.99)]!.toFixed(2)} ms`);
const slow = windows.filter(([a, b]) => (b - a) / 1000 > SLOW_MS);
console.log(`${slow.length} over ${SLOW_MS} ms; worker activity inside each (busy ms, idle ms, top stacks):`);
const overall = new Map<string, number>();
let busyAll = 0, idleAll = 0, spanAll = 0;
for (const [a, b] of slow.slice(0, 400)) {
  let busy = 0, idle = 0;
  const what = new Map<string, number>();
  for (let i = 0; i < times.length; i++) {
    if (times[i]! < a || times[i]! > b) continue;
    const d = (prof.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(prof.samples[i]!)!.callFrame.functionName;
    if (leaf === "(idle)") { idle += d; continue; }
    busy += d;
    const s = stackOf(prof.samples[i]!);
    what.set(s, (what.get(s) ?? 0) + d);
    overall.set(s, (overall.get(s) ?? 0) + d);
  }
  busyAll += busy; idleAll += idle; spanAll += (b - a) / 1000;
  if (process.env.EACH === "1") {
    const top = [...what].sort((x, y) => y[1] - x[1]).slice(0, 2).map(([s, d]) => `${d.toFixed(1)}ms ${s.slice(0, 120)}`).join(" | ");
    console.log(`  ${((b - a) / 1000).toFixed(1)} ms: busy ${busy.toFixed(1)} idle ${idle.toFixed(1)}  ${top}`);
  }
}
// Busy + idle < span: the worker was off the CPU altogether (descheduled) for the rest.
console.log(`inside them: ${spanAll.toFixed(1)} ms, worker busy ${busyAll.toFixed(1)}, idle ${idleAll.toFixed(1)}, unsampled ${(spanAll - busyAll - idleAll).toFixed(1)}`);
console.log("busy time inside slow requests, by stack:");
for (const [s, d] of [...overall].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`  ${d.toFixed(1)} ms  ${s.slice(0, 160)}`);
