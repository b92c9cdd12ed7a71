// `tsx bench/experiments/after-idle.ts [rounds=6]`: what a server pays for the first slice
// after an idle gap, as the full bench leaves each target idle ~10 s between its slices. Per
// round, for ours and for the bare proxy in turn: a pause (GAP_MS, default 10 s), then two
// back-to-back 1.2 s slices (c=C, default 16; streams; 0 ms upstream). Prints each one's CPU
// per request (from schedstat; ours by process) in the slice after the gap and in the one
// right after it. WARM=1 sends C requests at once after the gap, before the measured slice
// (warm connections).
// BENCH_GATEWAY_FLAGS adds node flags to ours.
import { closePools, newSamples, runSlice } from "../load";
import { cpuMsByRole } from "../proc";
import { startStack, type Proc } from "../setup";
import { stackTargets } from "../targets";

const rounds = Number(process.argv[2] ?? 6);
const gapMs = Number(process.env.GAP_MS ?? 10_000);
const C = Number(process.env.C ?? 16);
const warm = process.env.WARM === "1";
const stack = await startStack({});
const { targets } = stackTargets(stack);
type Tally = { n: number; cpu: Map<string, number> };
const tally = (): Tally => ({ n: 0, cpu: new Map() });
const tallies = { switchyard: { after: tally(), next: tally() }, bare: { after: tally(), next: tally() } };
async function slice(name: "switchyard" | "bare", proc: Proc, t: Tally): Promise<void> {
  const c0 = cpuMsByRole(proc.pid);
  const s = newSamples();
  await runSlice(targets[name]!, C, true, 1200, s);
  for (const [k, ms] of cpuMsByRole(proc.pid)) t.cpu.set(k, (t.cpu.get(k) ?? 0) + ms - (c0.get(k) ?? 0));
  t.n += s.latencies.length;
}
try {
  for (const p of ["/", "/login", "/signup", "/dashboard"]) await (await fetch(targets.switchyard!.origin + p)).text();
  for (const n of ["switchyard", "bare"] as const) await runSlice(targets[n]!, C, true, 3000, newSamples());
  for (let r = 0; r < rounds; r++) {
    for (const [name, proc] of (r % 2 ? [["bare", stack.bare], ["switchyard", stack.gateway]] : [["switchyard", stack.gateway], ["bare", stack.bare]]) as Array<["switchyard" | "bare", Proc]>) {
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      if (warm) await runSlice(targets[name]!, C, true, 1, newSamples());
      await slice(name, proc, tallies[name].after);
      await slice(name, proc, tallies[name].next);
    }
  }
  const total = (t: Tally) => [...t.cpu.values()].reduce((a, b) => a + b, 0) / t.n;
  const per = (t: Tally) => `${total(t).toFixed(3)}${t.cpu.size > 1 ? ` (${[...t.cpu].map(([k, ms]) => `${k} ${(ms / t.n).toFixed(3)}`).join(", ")})` : ""}`;
  console.log(`gap ${gapMs / 1000} s, c=${C}, streams${warm ? ", connections warmed" : ""}, flags: ${process.env.BENCH_GATEWAY_FLAGS ?? "-"}`);
  for (const n of ["switchyard", "bare"] as const) {
    const { after, next } = tallies[n];
    console.log(`  ${n.padEnd(10)} after the gap ${per(after)} ms/req, right after ${per(next)} (+${((100 * total(after)) / total(next) - 100).toFixed(1)} %)`);
  }
} finally {
  await closePools();
  await stack.stop();
}
process.exit(0);
