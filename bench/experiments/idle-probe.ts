// `tsx bench/experiments/idle-probe.ts [seconds=8]`: the low-rate case. Measures the gateway's CPU while
// idle, then at c=1 against a 50 ms upstream: added p50 vs the bare proxy and direct, and
// CPU ms per request. BENCH_CPU_PROF=<dir> profiles the gateway meanwhile.
import { closePools, newSamples, runSlice, type Target } from "../load";
import { cpuMsTree as cpuMs } from "../proc";
import { setUpstreamLatency, startStack } from "../setup";
import { dist } from "../stats";
import { stackTargets } from "../targets";

const seconds = Number(process.argv[2] ?? 8);
const stack = await startStack(process.env.BENCH_CPU_PROF ? { cpuProfDir: process.env.BENCH_CPU_PROF } : {});
const { targets: all } = stackTargets(stack);
const targets: Target[] = [all.direct, all.bare, all.switchyard];
const p50 = (xs: number[]) => dist(xs).p50;
try {
  for (const t of targets) await runSlice(t, 1, false, 500, newSamples());
  const c0 = cpuMs(stack.gateway.pid);
  await new Promise((r) => setTimeout(r, 5_000));
  console.log(`idle: ${((cpuMs(stack.gateway.pid) - c0) / 5).toFixed(2)} CPU ms per second`);
  await setUpstreamLatency(stack.emulator.url, 50);
  const res = new Map(targets.map((t) => [t.name, newSamples()]));
  let cpu = 0;
  for (let round = 0; round < 4; round++) {
    for (const t of targets) {
      const before = cpuMs(stack.gateway.pid);
      await runSlice(t, 1, false, (seconds * 1000) / 4, res.get(t.name)!);
      if (t.name === "switchyard") cpu += cpuMs(stack.gateway.pid) - before;
    }
  }
  const direct = p50(res.get("direct")!.latencies);
  for (const t of targets) {
    const s = res.get(t.name)!;
    console.log(`${t.name}: n=${s.latencies.length} p50 ${p50(s.latencies).toFixed(2)} ms, added ${(p50(s.latencies) - direct).toFixed(2)} ms`);
  }
  console.log(`switchyard CPU ${(cpu / res.get("switchyard")!.latencies.length).toFixed(3)} ms/req`);
} finally {
  await closePools();
  await stack.stop();
}
