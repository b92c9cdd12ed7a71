// `tsx bench/experiments/gc-phases.ts [seconds=10] [json|stream]`: what the API worker's
// young-generation GCs (scavenges) spend their pause on, at C=<n> (default 1), 0 ms upstream,
// pages rendered first. The worker runs with --trace-gc-nvp; per scavenge V8 prints its pause,
// its phases (roots, parallel copy, weak handles, …) and how many bytes it copied/promoted.
// Prints the median / p90 / max of each, and how often a scavenge runs. GC_KIND=mc reads the
// full (mark-compact) GCs instead (their "pause" is the main-thread part).
import fs from "node:fs";
import path from "node:path";
import { closePools, newSamples, runSlice } from "../load";
import { startStack } from "../setup";
import { dist } from "../stats";
import { gatewayTarget } from "../targets";

const seconds = Number(process.argv[2] ?? 10);
const stream = process.argv[3] === "stream";
const C = Number(process.env.C ?? 1);
const KIND = process.env.GC_KIND ?? "s";
const KIND_NAME = KIND === "s" ? "scavenges" : "full GCs";
process.env.BENCH_GATEWAY_FLAGS = `${process.env.BENCH_GATEWAY_FLAGS ?? ""} --trace-gc-nvp`.trim();
const stack = await startStack({ gatewayOnly: true });
const p = stack.gateway;
const lines = () => fs.readFileSync(path.join(stack.dir, `${p.name}.log`), "utf8").split("\n").filter((l) => l.includes(` gc=${KIND} `));
try {
  for (const page of ["/", "/login"]) await (await fetch(p.url + page)).text();
  await runSlice(gatewayTarget(p, stack.apiKey), 16, stream, 1500, newSamples());
  const before = lines().length;
  const samples = newSamples();
  await runSlice(gatewayTarget(p, stack.apiKey), C, stream, seconds * 1000, samples);
  const gcs = lines().slice(before).map((l) => Object.fromEntries(
    [...l.matchAll(/([\w.]+)=([\d.]+)/g)].map((m) => [m[1]!, Number(m[2])])));
  const d = dist(samples.latencies);
  console.log(`${stream ? "stream" : "json"} c=${C}: ${samples.latencies.length} requests, p50 ${d.p50.toFixed(2)} p99 ${d.p99.toFixed(2)} ms; ` +
    `${gcs.length} ${KIND_NAME} (${(gcs.length / seconds).toFixed(1)}/s, one per ${(samples.latencies.length / Math.max(1, gcs.length)).toFixed(0)} requests)`);
  const keys = ["pause", "scavenge", "scavenge.roots", "scavenge.parallel", "scavenge.weak", "scavenge.weak_global_handles.process",
    "scavenge.update_refs", "scavenge.sweep_array_buffers", "scavenge.free_remembered_set", "scavenge.finalize", "background.scavenge.parallel",
    "semi_space_copied", "promoted", "semi_space_copy_rate", "promotion_rate", "total_size_before", "total_size_after", "holes_size_before"];
  const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * f))] ?? 0;
  for (const k of keys) {
    const xs = gcs.map((g) => g[k]).filter((x): x is number => x !== undefined);
    if (xs.length) console.log(`  ${k.padEnd(40)} median ${q(xs, 0.5).toFixed(2).padStart(12)}  p90 ${q(xs, 0.9).toFixed(2).padStart(12)}  max ${Math.max(...xs).toFixed(2).padStart(12)}`);
  }
  if (process.env.RAW === "1") for (const l of lines().slice(before, before + 3)) console.log(l);
} finally {
  await closePools();
  await stack.stop();
}
process.exit(0);
