// The shared harness of profile.ts and profile-compare.ts: starts the bench stack with one
// process under `node --cpu-prof`, loads it with the targets given (c=16, 0 ms upstream:
// PROFILE_C and PROFILE_UPSTREAM_MS change them),
// prints CPU, syscalls and Postgres CPU per request for each, then where the CPU went.
// Several targets on one process run in alternating slices (the machine's speed drifts), so
// their CPU per request can be compared as a ratio; the profile then covers all of them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closePools, newSamples, runSlice, settle, type Samples } from "../load";
import { apiWorkerPids, cpuMsTree, cpuSplitMs, treeCpu, treeCpuDelta } from "../proc";
import { setUpstreamLatency, startStack, type Proc } from "../setup";
import { stackTargets } from "../targets";
import type { TargetName } from "../report";
import { run } from "../../scripts/lib/run";

export type ProfileOptions = {
  /** Targets loaded in turn, all on `profiled`'s process. */
  targets: TargetName[];
  /** Which process runs under --cpu-prof (and is measured). */
  profiled: "switchyard" | "portkey";
  /** "json" | "stream" | "both". */
  mode: string;
  /** Measured seconds per target and mode (split into `rounds` slices). */
  seconds: number;
  rounds?: number;
  /** Functions listed in the summary. */
  top?: number;
};

/** Read and write syscalls so far (/proc/<pid>/io): each write to a socket is a wake-up. */
function syscalls(pid: number): { r: number; w: number } {
  const t = fs.readFileSync(`/proc/${pid}/io`, "utf8");
  return { r: Number(/syscr: (\d+)/.exec(t)?.[1]), w: Number(/syscw: (\d+)/.exec(t)?.[1]) };
}

/** The API workers measured so far: their profiles are the ones to summarise. */
/** PROFILE_C=<n>: the load's concurrency (default 16). */
const CONCURRENCY = Number(process.env.PROFILE_C ?? 16);
/** PROFILE_UPSTREAM_MS=<n>: the emulator's latency before its answer (default 0). */
const UPSTREAM_MS = Number(process.env.PROFILE_UPSTREAM_MS ?? 0);

const workerPids = new Set<number>();

type Tally = { samples: Samples; cpu: number; user: number; sys: number; db: number; r: number; w: number };

/** Runs one slice of `name` and adds what the process spent during it to `t`. */
async function measuredSlice(run: () => Promise<void>, proc: Proc, pgPid: number, t: Tally): Promise<void> {
  // The whole tree's CPU (primary, API workers, Next); syscalls and user/sys of the API worker.
  const worker = apiWorkerPids(proc.pid)[0]!; // the pid itself for a one-process server
  workerPids.add(worker);
  const c0 = cpuMsTree(proc.pid);
  const io0 = syscalls(worker);
  const split0 = cpuSplitMs(worker);
  const db0 = treeCpu(pgPid);
  await run();
  await settle(); // post-response work (settlement, log batches) lands here
  const io1 = syscalls(worker);
  const split1 = cpuSplitMs(worker);
  t.cpu += cpuMsTree(proc.pid) - c0;
  t.user += split1.user - split0.user;
  t.sys += split1.sys - split0.sys;
  t.db += treeCpuDelta(db0, treeCpu(pgPid));
  t.r += io1.r - io0.r;
  t.w += io1.w - io0.w;
}

function line(name: string, stream: boolean, seconds: number, t: Tally): string {
  const ok = t.samples.latencies.length;
  const n = Math.max(1, ok);
  return `${name} ${stream ? "stream" : "json"}: ${ok} ok, ${t.samples.errors} errors, ${(ok / seconds).toFixed(0)} req/s, ` +
    `${(t.cpu / n).toFixed(3)} CPU ms/req (user ${(t.user / n).toFixed(3)} + sys ${(t.sys / n).toFixed(3)}), ` +
    `db ${(t.db / n).toFixed(3)} CPU ms/req, ${(t.r / n).toFixed(1)} reads + ${(t.w / n).toFixed(1)} writes/req` +
    (t.samples.firstError ? ` (first error: ${t.samples.firstError})` : "");
}

export async function profileRun(o: ProfileOptions): Promise<void> {
  process.chdir(path.resolve(import.meta.dirname, "../.."));
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-prof-"));
  const stack = await startStack(o.profiled === "portkey" ? { portkeyProfDir: profDir } : { cpuProfDir: profDir });
  const proc = o.profiled === "portkey" ? stack.portkey : stack.gateway;
  const { targets } = stackTargets(stack);
  const rounds = Math.max(1, o.rounds ?? 1);
  try {
    const modes = o.mode === "both" ? [false, true] : [o.mode === "stream"];
    if (UPSTREAM_MS > 0) await setUpstreamLatency(stack.emulator.url, UPSTREAM_MS);
    for (const stream of modes) for (const name of o.targets) await runSlice(targets[name]!, CONCURRENCY, stream, 1000, newSamples()); // warm-up
    for (const stream of modes) {
      const tallies = new Map<TargetName, Tally>(
        o.targets.map((n) => [n, { samples: newSamples(), cpu: 0, user: 0, sys: 0, db: 0, r: 0, w: 0 }]));
      for (let round = 0; round < rounds; round++) {
        // Alternate the order each round: neither target always runs right after the other.
        const order = round % 2 === 0 ? o.targets : [...o.targets].reverse();
        for (const name of order) {
          const t = tallies.get(name)!;
          await measuredSlice(() => runSlice(targets[name]!, CONCURRENCY, stream, (o.seconds * 1000) / rounds, t.samples), proc, stack.pgPid, t);
        }
      }
      for (const [name, t] of tallies) console.log(line(name, stream, o.seconds, t));
      if (o.targets.length === 2) {
        const [a, b] = o.targets.map((n) => tallies.get(n)!).map((t) => t.cpu / Math.max(1, t.samples.latencies.length));
        console.log(`CPU per request ${o.targets[0]} / ${o.targets[1]} (${stream ? "stream" : "json"}): ${(a! / b!).toFixed(2)}×`);
      }
    }
  } finally {
    await closePools();
    await stack.stop();
  }
  // One profile per process (primary, API worker, Next), named CPU.<date>.<time>.<pid>.…: the
  // API worker's (by pid; the largest file when that is unknown: Next's can be larger).
  const files = fs.readdirSync(profDir).filter((f) => f.endsWith(".cpuprofile"))
    .sort((a, b) => fs.statSync(path.join(profDir, b)).size - fs.statSync(path.join(profDir, a)).size);
  const file = files.find((f) => workerPids.has(Number(f.split(".")[3]))) ?? files[0];
  if (!file) throw new Error("no profile written");
  const out = path.join(profDir, file);
  console.log(`profile: ${out}`);
  await run("npx", ["tsx", "bench/experiments/profile-summary.ts", out, String(o.top ?? 40)]);
}
