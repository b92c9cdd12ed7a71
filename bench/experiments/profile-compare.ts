// (issue 19) PROFILE_COMPARE=1: POST /compare of three models instead of one chat.
// `tsx bench/experiments/profile-compare.ts [json|stream|both] [seconds]`: runs the production build under
// `node --cpu-prof`, loads only Switchyard (c=16, 0 ms upstream) and prints where its CPU goes.
// BENCH_PORTKEY=1 profiles Portkey the same way, for comparison.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closePools, compareBody, newSamples, runSlice, type Target } from "../load";
import { cpuMs, cpuSplitMs, treeCpu, treeCpuDelta } from "../proc";
import { startStack } from "../setup";
import { run } from "../../scripts/lib/run";

/** Read and write syscalls so far (/proc/<pid>/io): each write to a socket is a wake-up. */
function syscalls(pid: number): { r: number; w: number } {
  const t = fs.readFileSync(`/proc/${pid}/io`, "utf8");
  return { r: Number(/syscr: (\d+)/.exec(t)?.[1]), w: Number(/syscw: (\d+)/.exec(t)?.[1]) };
}

const mode = process.argv[2] ?? "both";
const seconds = Number(process.argv[3] ?? 8);
const portkey = process.env.BENCH_PORTKEY === "1";
process.chdir(path.resolve(import.meta.dirname, "../.."));
const profDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-prof-"));
const stack = await startStack(portkey ? { portkeyProfDir: profDir } : { cpuProfDir: profDir });
const proc = portkey ? stack.portkey : stack.gateway;
const compare = process.env.PROFILE_COMPARE === "1";
const target: Target = compare
  ? { name: "compare3", origin: stack.gateway.url, path: "/v1/compare", model: "sim/fast",
      headers: { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` },
      body: (stream) => compareBody(["sim/fast", "sim/fast", "sim/fast"], stream) }
  : portkey
  ? { name: "portkey", origin: stack.portkey.url, path: "/v1/chat/completions", model: "emu-fast",
      headers: { "content-type": "application/json", authorization: "Bearer bench", "x-portkey-provider": "openai",
        "x-portkey-custom-host": `${stack.emulator.url}/v1` } }
  : { name: "switchyard", origin: stack.gateway.url, path: "/v1/chat/completions", model: "sim/fast",
      headers: { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` } };
try {
  const modes = mode === "both" ? [false, true] : [mode === "stream"];
  for (const stream of modes) await runSlice(target, 16, stream, 1000, newSamples()); // warm-up
  for (const stream of modes) {
    const s = newSamples();
    const c0 = cpuMs(proc.pid);
    const io0 = syscalls(proc.pid);
    const split0 = cpuSplitMs(proc.pid);
    const db0 = treeCpu(stack.pgPid);
    await runSlice(target, 16, stream, seconds * 1000, s);
    await new Promise((r) => setTimeout(r, 400));
    const cpu = cpuMs(proc.pid) - c0;
    const io1 = syscalls(proc.pid);
    const split1 = cpuSplitMs(proc.pid);
    const n = Math.max(1, s.latencies.length);
    const db = treeCpuDelta(db0, treeCpu(stack.pgPid)) / n;
    console.log(`${target.name} ${stream ? "stream" : "json"}: ${s.latencies.length} ok, ${s.errors} errors, ` +
      `${(s.latencies.length / seconds).toFixed(0)} req/s, ${(cpu / s.latencies.length).toFixed(3)} CPU ms/req, ` +
      `(user ${((split1.user - split0.user) / n).toFixed(3)} + sys ${((split1.sys - split0.sys) / n).toFixed(3)}), ` +
      `db ${db.toFixed(3)} CPU ms/req, ${((io1.r - io0.r) / n).toFixed(1)} reads + ${((io1.w - io0.w) / n).toFixed(1)} writes/req`);
  }
} finally {
  await closePools();
  await stack.stop();
}
const file = fs.readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
if (!file) throw new Error("no profile written");
const out = path.join(profDir, file);
console.log(`profile: ${out}`);
await run("npx", ["tsx", "bench/experiments/profile-summary.ts", out, "40"]);
