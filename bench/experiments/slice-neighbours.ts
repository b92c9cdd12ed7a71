// `tsx bench/experiments/slice-neighbours.ts [rounds=8]`: does what runs before one of our
// slices change our CPU per request in it, as the full bench interleaves six targets? Two
// conditions in alternating order, each a bare-proxy slice and then ours (both 1.2 s, c=16,
// streams, 50 ms upstream by default, pages rendered first):
//   BEFORE=compare3 (default): a compare slice on our own process before the bare one (its GC
//     or JIT work could land in our slice) against none;
//   BEFORE=gap: a 10 s pause before ours (idle connections closed, caches cold) against none.
// Prints our CPU ms per request in each condition and the bare proxy's.
// Env: LAT (upstream ms), C, MODE=json|stream, GAP_MS.
import { closePools, newSamples, runSlice, settle, SETTLE_MS } from "../load";
import { cpuMsTree } from "../proc";
import { setUpstreamLatency, startStack } from "../setup";
import { stackTargets } from "../targets";

const rounds = Number(process.argv[2] ?? 8);
const lat = Number(process.env.LAT ?? 50);
const c = Number(process.env.C ?? 16);
const stream = (process.env.MODE ?? "stream") === "stream";
const before = process.env.BEFORE === "gap" ? "gap" : "compare3";
const gapMs = Number(process.env.GAP_MS ?? 10_000);
const SLICE_MS = 1200;

const stack = await startStack({});
const { targets } = stackTargets(stack);
try {
  for (const p of ["/", "/login", "/signup", "/dashboard"]) await (await fetch(targets.switchyard!.origin + p)).text();
  for (const t of ["switchyard", "compare3", "bare"] as const) await runSlice(targets[t]!, 16, stream, 1500, newSamples());
  await setUpstreamLatency(stack.emulator.url, lat);
  const bare = { cpu: 0, n: 0 };
  const ours = { with: { cpu: 0, n: 0 }, without: { cpu: 0, n: 0 } };
  for (let r = 0; r < rounds; r++) {
    for (const cond of (r % 2 ? ["with", "without"] : ["without", "with"]) as Array<"with" | "without">) {
      if (cond === "with" && before === "compare3") {
        await runSlice(targets.compare3!, c, stream, SLICE_MS, newSamples());
        await settle(SETTLE_MS);
      }
      const b = newSamples();
      const b0 = cpuMsTree(stack.bare.pid);
      await runSlice(targets.bare!, c, stream, SLICE_MS, b);
      bare.cpu += cpuMsTree(stack.bare.pid) - b0;
      bare.n += b.latencies.length;
      await settle(cond === "with" && before === "gap" ? gapMs : 50);
      const s = newSamples();
      const c0 = cpuMsTree(stack.gateway.pid);
      await runSlice(targets.switchyard!, c, stream, SLICE_MS, s);
      await settle(SETTLE_MS);
      ours[cond].cpu += cpuMsTree(stack.gateway.pid) - c0;
      ours[cond].n += s.latencies.length;
    }
  }
  const per = (t: { cpu: number; n: number }) => `${(t.cpu / t.n).toFixed(3)} ms/req (${t.n} requests)`;
  console.log(`${lat} ms upstream, c=${c}, ${stream ? "stream" : "json"}; before ours: ${before}`);
  console.log(`  ours with it:    ${per(ours.with)}`);
  console.log(`  ours without it: ${per(ours.without)}`);
  console.log(`  bare proxy:      ${per(bare)}`);
} finally {
  await closePools();
  await stack.stop();
}
process.exit(0);
