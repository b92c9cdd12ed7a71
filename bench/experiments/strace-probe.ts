// `tsx bench/experiments/strace-probe.ts [json|stream] [seconds]`: counts every syscall of the bare
// proxy and of Switchyard's API worker per request under `strace -c -f` (LAT=<ms upstream>, C=<concurrency>).
// Needs `strace` (Debian: apt-get install strace) and root. TRACE_TO=<file prefix>: the full traces instead of counts.
import { spawn } from "node:child_process";
import path from "node:path";
import { closePools, newSamples, runSlice } from "../load";
import { apiWorkerPids } from "../proc";
import { setUpstreamLatency, startStack } from "../setup";
import { stackTargets } from "../targets";

process.chdir(path.resolve(import.meta.dirname, "../.."));
const stream = (process.argv[2] ?? "stream") === "stream";
const seconds = Number(process.argv[3] ?? 5);
const lat = Number(process.env.LAT ?? 0);
const c = Number(process.env.C ?? 1);
const stack = await startStack({});
const { targets } = stackTargets(stack);
try {
  await setUpstreamLatency(stack.emulator.url, lat);
  for (const n of ["bare", "switchyard"] as const) {
    await runSlice(targets[n]!, c, stream, 1000, newSamples());
    const proc = n === "bare" ? stack.bare : stack.gateway;
    const pid = apiWorkerPids(proc.pid)[0]!;
    const full = process.env.TRACE_TO ? ["-f", "-tt", "-o", `${process.env.TRACE_TO}.${n}`] : ["-c", "-f"];
    const st = spawn("strace", [...full, "-p", String(pid)], { stdio: ["ignore", "ignore", "pipe"] });
    let out = "";
    st.stderr.on("data", (d) => (out += d));
    await new Promise((r) => setTimeout(r, 500));
    const s = newSamples();
    await runSlice(targets[n]!, c, stream, seconds * 1000, s);
    await new Promise((r) => setTimeout(r, 300));
    st.kill("SIGINT");
    await new Promise((r) => st.on("close", r));
    const ok = s.latencies.length;
    console.log(`== ${n} ${stream ? "stream" : "json"} c=${c} ${lat} ms: ${ok} ok`);
    for (const line of out.split("\n")) {
      const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?(\w+)\s*$/.exec(line);
      if (m) console.log(`  ${m[3]!.padEnd(20)} ${(Number(m[1]) / ok).toFixed(2)}/req`);
    }
  }
} finally {
  await closePools();
  await stack.stop();
}
