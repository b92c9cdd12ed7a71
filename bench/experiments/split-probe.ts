// `tsx bench/experiments/split-probe.ts [seconds=6]`: where our tree's CPU goes per process
// (primary, API worker, Next) while idle (three 10 s windows, from each thread's schedstat:
// ns, not 10 ms ticks) and under load at 0 and 50 ms upstream, against the bare proxy's, with
// pages rendered first as in the full bench. SPLIT_C=<list> (default 1,16),
// SPLIT_MODE=json|stream (default stream). Each load line counts its settle time too, as the bench does.
import { closePools, newSamples, runSlice, settle, SETTLE_MS } from "../load";
import { cpuMs, processTree } from "../proc";
import { setUpstreamLatency, startStack } from "../setup";
import { stackTargets } from "../targets";
import fs from "node:fs";

const seconds = Number(process.argv[2] ?? 6);
const conc = (process.env.SPLIT_C ?? "1,16").split(",").map(Number);
const stream = (process.env.SPLIT_MODE ?? "stream") === "stream";
const stack = await startStack({});
const { targets } = stackTargets(stack);
const label = (p: number) => {
  const cmd = fs.readFileSync(`/proc/${p}/cmdline`, "utf8");
  return cmd.includes("api-worker") ? "worker" : cmd.includes("next-server") ? "next" : p === stack.gateway.pid ? "primary" : `pid${p}`;
};
const snap = () => new Map(processTree(stack.gateway.pid).map((p) => [p, cpuMs(p)]));
const delta = (a: Map<number, number>, b: Map<number, number>) =>
  [...b].map(([p, ms]) => `${label(p)} ${(ms - (a.get(p) ?? 0)).toFixed(0)}`).join(", ");
try {
  for (const p of ["/", "/login", "/signup", "/dashboard"]) await (await fetch(targets.switchyard!.origin + p)).text();
  for (const t of ["switchyard", "bare"] as const) await runSlice(targets[t]!, 16, stream, 1500, newSamples());
  const threadsNs = (pid: number) => fs.readdirSync(`/proc/${pid}/task`)
    .reduce((t, tid) => t + Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]), 0);
  for (let w = 0; w < 3; w++) {
    const pids = processTree(stack.gateway.pid);
    const before = pids.map(threadsNs);
    await new Promise((r) => setTimeout(r, 10_000));
    console.log(`idle 10 s, CPU ms/s: ${pids.map((p, i) => `${label(p)} ${((threadsNs(p) - before[i]!) / 1e7).toFixed(2)}`).join(", ")}`);
  }
  let a = snap();
  for (const lat of [0, 50]) {
    await setUpstreamLatency(stack.emulator.url, lat);
    for (const c of conc) {
      for (const t of ["switchyard", "bare"] as const) {
        const s = newSamples();
        const proc = t === "bare" ? stack.bare : stack.gateway;
        const b0 = cpuMs(proc.pid);
        a = snap();
        await runSlice(targets[t]!, c, stream, seconds * 1000, s);
        if (t === "switchyard") await settle(SETTLE_MS);
        const n = s.latencies.length;
        const own = t === "bare" ? `bare ${(cpuMs(proc.pid) - b0).toFixed(0)}` : delta(a, snap());
        const total = t === "bare" ? cpuMs(proc.pid) - b0 : [...snap()].reduce((x, [p, ms]) => x + ms - (a.get(p) ?? 0), 0);
        console.log(`${lat} ms c=${c} ${stream ? "stream" : "json"} ${t}: ${n} req, ${(total / n).toFixed(3)} ms/req; CPU ms: ${own}`);
      }
    }
  }
} finally {
  await closePools();
  await stack.stop();
}
process.exit(0);
