// `tsx bench/experiments/syscall-probe.ts [json|stream] [seconds]`: the bare proxy and Switchyard
// in alternating 1 s slices at c=16 (0 ms upstream): CPU ms (the whole tree; user and system time
// of the API worker alone), read and write syscalls per request of each process (the API worker
// for Switchyard). Where a per-request difference is a syscall, and whether it is user time.
// UPSTREAM_MS=<n>: the emulator waits n ms before its headers (as the bench's 50 ms cells);
// C=<n>: the concurrency (default 16).
import fs from "node:fs";
import path from "node:path";
import { closePools, newSamples, runSlice } from "../load";
import { apiWorkerPids, cpuMsTree, cpuSplitMs } from "../proc";
import { setUpstreamLatency, startStack } from "../setup";
import { stackTargets } from "../targets";

function syscalls(pid: number): { r: number; w: number } {
  const t = fs.readFileSync(`/proc/${pid}/io`, "utf8");
  return { r: Number(/syscr: (\d+)/.exec(t)?.[1]), w: Number(/syscw: (\d+)/.exec(t)?.[1]) };
}

process.chdir(path.resolve(import.meta.dirname, "../.."));
const stream = (process.argv[2] ?? "stream") === "stream";
const seconds = Number(process.argv[3] ?? 6);
const stack = await startStack({});
const { targets } = stackTargets(stack);
const C = Number(process.env.C ?? 16);
try {
  await setUpstreamLatency(stack.emulator.url, Number(process.env.UPSTREAM_MS ?? 0));
  const names = ["bare", "switchyard"] as const;
  for (const n of names) await runSlice(targets[n]!, C, stream, 1000, newSamples());
  const tally = Object.fromEntries(names.map((n) => [n, { ok: 0, cpu: 0, r: 0, w: 0, user: 0, sys: 0 }]));
  for (let i = 0; i < seconds; i++) {
    for (const n of i % 2 ? [...names].reverse() : names) {
      const proc = n === "bare" ? stack.bare : stack.gateway;
      const pid = apiWorkerPids(proc.pid)[0]!;
      const s = newSamples();
      const c0 = cpuMsTree(proc.pid);
      const io0 = syscalls(pid);
      const split0 = cpuSplitMs(pid);
      await runSlice(targets[n]!, C, stream, 1000, s);
      await new Promise((r) => setTimeout(r, 300));
      const io1 = syscalls(pid);
      const split1 = cpuSplitMs(pid);
      const t = tally[n]!;
      t.ok += s.latencies.length;
      t.cpu += cpuMsTree(proc.pid) - c0;
      t.r += io1.r - io0.r;
      t.user += split1.user - split0.user;
      t.sys += split1.sys - split0.sys;
      t.w += io1.w - io0.w;
    }
  }
  for (const [n, t] of Object.entries(tally)) {
    console.log(`${n} ${stream ? "stream" : "json"}: ${t.ok} ok, ${(t.cpu / t.ok).toFixed(3)} CPU ms/req, ` +
      `(user ${(t.user / t.ok).toFixed(3)} + sys ${(t.sys / t.ok).toFixed(3)}), ${(t.r / t.ok).toFixed(2)} reads + ${(t.w / t.ok).toFixed(2)} writes/req`);
  }
} finally {
  await closePools();
  await stack.stop();
}
