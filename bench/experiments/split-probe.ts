// `tsx bench/experiments/split-probe.ts [seconds=6]`: where our tree's CPU goes per process
// (primary, API worker, Next; from each thread's schedstat: ns, not 10 ms ticks) while idle
// (three 10 s windows) and under load at 0 and 50 ms upstream, against the bare proxy's, with
// pages rendered first as in the full bench. SPLIT_C=<list> (default 1,16),
// SPLIT_MODE=json|stream (default stream). Each load line counts its settle time too, as the bench does.
import { closePools, newSamples, runSlice, settle, SETTLE_MS } from "../load";
import { cpuMsByRole } from "../proc";
import { setUpstreamLatency, startStack } from "../setup";
import { stackTargets } from "../targets";

const seconds = Number(process.argv[2] ?? 6);
const conc = (process.env.SPLIT_C ?? "1,16").split(",").map(Number);
const stream = (process.env.SPLIT_MODE ?? "stream") === "stream";
const stack = await startStack({});
const { targets } = stackTargets(stack);
const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
/** CPU ms by role between two cpuMsByRole readings. */
const delta = (a: Map<string, number>, b: Map<string, number>) => new Map([...b].map(([k, ms]) => [k, ms - (a.get(k) ?? 0)]));
/** `d` as "role ms, …", each divided by `per` (seconds, for a rate). */
const show = (d: Map<string, number>, digits: number, per = 1) => [...d].map(([k, ms]) => `${k} ${(ms / per).toFixed(digits)}`).join(", ");
try {
  for (const p of ["/", "/login", "/signup", "/dashboard"]) await (await fetch(targets.switchyard!.origin + p)).text();
  for (const t of ["switchyard", "bare"] as const) await runSlice(targets[t]!, 16, stream, 1500, newSamples());
  for (let w = 0; w < 3; w++) {
    const before = cpuMsByRole(stack.gateway.pid);
    await new Promise((r) => setTimeout(r, 10_000));
    console.log(`idle 10 s, CPU ms/s: ${show(delta(before, cpuMsByRole(stack.gateway.pid)), 2, 10)}`);
  }
  for (const lat of [0, 50]) {
    await setUpstreamLatency(stack.emulator.url, lat);
    for (const c of conc) {
      for (const t of ["switchyard", "bare"] as const) {
        const s = newSamples();
        const proc = t === "bare" ? stack.bare : stack.gateway;
        const before = cpuMsByRole(proc.pid);
        await runSlice(targets[t]!, c, stream, seconds * 1000, s);
        if (t === "switchyard") await settle(SETTLE_MS);
        const n = s.latencies.length;
        const d = delta(before, cpuMsByRole(proc.pid));
        const total = sum(d);
        const own = t === "bare" ? `bare ${total.toFixed(0)}` : show(d, 0);
        console.log(`${lat} ms c=${c} ${stream ? "stream" : "json"} ${t}: ${n} req, ${(total / n).toFixed(3)} ms/req; CPU ms: ${own}`);
      }
    }
  }
} finally {
  await closePools();
  await stack.stop();
}
process.exit(0);
