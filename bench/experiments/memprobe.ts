// `tsx bench/experiments/memprobe.ts [seconds=4] [variant…]`: where the gateway's memory goes. Starts the
// bench stack once (bench/setup.ts), then runs each variant as its own gateway process against
// the same Postgres and emulator: idle RSS 1 s after start (as bench/run.ts measures it), then
// load (json and stream, c=16 and c=64, 0 ms upstream) with VmRSS sampled every 100 ms, and
// CPU ms/req per phase; also the anonymous / file-backed split of RSS and V8 heap spaces (via
// bench/experiments/mem-preload.mjs). Variants: see VARIANTS; run `tsx bench/experiments/mem-build.ts` first.
// Env: MEMPROBE_ROUNDS=N (interleaved repeats + medians), MEMPROBE_SNAP_DIR=<dir> (a heap
// snapshot after the load, for bench/experiments/mem-snapshot.ts), MEMPROBE_FIRST_HIT=/login,… (time the
// first and second GET of Next pages).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closePools, newSamples, runSlice, type Target } from "../load";
import { cpuMs, rssMb } from "../proc";
import { startStack, type Stack } from "../setup";
import { freePort } from "../../scripts/lib/postgres";

/** cwd: where Next finds next.config.mjs and .next (a scratch copy with another config). */
type Variant = { script: string; flags?: string[]; env?: Record<string, string>; portkey?: boolean; cwd?: string };

// Add node flags per run with "+": `same+--max-semi-space-size=8` (command line),
// `same+rt:--heap-growing-percent=50` (set at run time, as server.ts could do itself),
// `same+env:MALLOC_ARENA_MAX=2` (environment).
const VARIANTS: Record<string, Variant> = {
  stock: { script: "dist/server.mjs" }, // the checkout's build (npm run build)
  // Scratch bundles built by bench/experiments/mem-build.ts (same esbuild options as scripts/build-server.ts).
  same: { script: "dist/memprobe/server.mjs" },
  notok: { script: "dist/memprobe/server-notok.mjs" }, // never counts tokens
  nonext: { script: "dist/memprobe/server-nonext.mjs" }, // no Next at all
  nonextnotok: { script: "dist/memprobe/server-nonext-notok.mjs" },
  // Next with experimental.preloadEntriesOnStart: false (folders made by bench/experiments/mem-build.ts);
  // "ctl" runs the unchanged config from the same kind of folder, as a control.
  ctl: { script: "dist/memprobe/server.mjs", cwd: "dist/memprobe/next-default" },
  nopreload: { script: "dist/memprobe/server.mjs", cwd: "dist/memprobe/next-nopreload" },
  "nopreload-notok": { script: "dist/memprobe/server-notok.mjs", cwd: "dist/memprobe/next-nopreload" },
  "nopreload-notok-nostripe": { script: "dist/memprobe/server-notok-nostripe.mjs", cwd: "dist/memprobe/next-nopreload" },
  // server.ts + v8.setFlagsFromString("--heap-growing-percent=50") after its imports.
  "nopreload-hgp": { script: "dist/memprobe/server-hgp.mjs", cwd: "dist/memprobe/next-nopreload" },
  "nopreload-hgp-notok": { script: "dist/memprobe/server-hgp-notok.mjs", cwd: "dist/memprobe/next-nopreload" },
  portkey: { script: "", portkey: true },
};

const seconds = Number(process.argv[2] ?? 4);
const names = process.argv.slice(3).length ? process.argv.slice(3) : ["stock", "portkey"];
for (const n of names) {
  const base = n.split("+")[0]!;
  if (!VARIANTS[base]) throw new Error(`unknown variant ${n}; known: ${Object.keys(VARIANTS).join(", ")}`);
}
const ROOT = path.resolve(import.meta.dirname, "../..");
process.chdir(ROOT);
const statsFile = path.join(os.tmpdir(), `memprobe-${process.pid}.jsonl`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function smaps(pid: number): string {
  try {
    const t = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = (k: string) => Math.round(Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(t)?.[1] ?? 0) / 1024);
    return `anon ${kb("Anonymous")} MB, file ${kb("Rss") - kb("Anonymous")} MB`;
  } catch {
    return "";
  }
}

/** Asks the preload for heap stats and returns the line it wrote. */
async function heapStats(pid: number, afterGc = false): Promise<string> {
  const before = fs.existsSync(statsFile) ? fs.readFileSync(statsFile, "utf8").length : 0;
  try {
    process.kill(pid, afterGc ? "SIGWINCH" : "SIGUSR2");
  } catch {
    return "";
  }
  for (let i = 0; i < 20; i++) {
    await sleep(50);
    if (fs.existsSync(statsFile) && fs.readFileSync(statsFile, "utf8").length > before) break;
  }
  return fs.existsSync(statsFile) ? fs.readFileSync(statsFile, "utf8").slice(before).trim() : "";
}

/** MEMPROBE_SNAP_DIR: a heap snapshot after the load (written by the preload on SIGTTIN). */
async function snapshot(pid: number): Promise<void> {
  const dir = process.env.MEMPROBE_SNAP_DIR!;
  const before = fs.readdirSync(dir).length;
  process.kill(pid, "SIGTTIN");
  for (let i = 0; i < 600 && fs.readdirSync(dir).length === before; i++) await sleep(100);
  await sleep(2000); // let the writer finish
}

async function waitFor(url: string): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      if (Date.now() > until) throw new Error(`timed out waiting for ${url}`);
      await sleep(150);
    }
  }
}

async function startVariant(stack: Stack, name: string, v: Variant, extra: string[]): Promise<{ child: ChildProcess; pid: number; url: string }> {
  // "rt:--flag" = set at run time by the preload (v8.setFlagsFromString); others go on the command line.
  // "env:K=V" = an environment variable.
  const extraEnv = Object.fromEntries(extra.filter((f) => f.startsWith("env:")).map((f) => f.slice(4).split("=", 2) as [string, string]));
  const extraFlags = extra.filter((f) => !f.startsWith("rt:") && !f.startsWith("env:"));
  const runtimeFlags = extra.filter((f) => f.startsWith("rt:")).map((f) => f.slice(3));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(stack.dir, `memprobe-${process.hrtime.bigint()}.log`);
  const log = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", path.join(ROOT, "bench/experiments/mem-preload.mjs"), ...(v.flags ?? []), ...extraFlags,
    path.resolve(ROOT, v.script)], {
    cwd: v.cwd ? path.resolve(ROOT, v.cwd) : ROOT, stdio: ["ignore", log, log],
    env: {
      ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", DATABASE_URL: stack.pg.url,
      EMULATOR_URL: stack.emulator.url, LOG_LEVEL: "warn", PORT: String(port), HOST: "127.0.0.1",
      NEXTAUTH_SECRET: "bench-secret-not-for-production-0123456789", NEXTAUTH_URL: url, MEMPROBE_OUT: statsFile,
      MEMPROBE_SNAP_DIR: process.env.MEMPROBE_SNAP_DIR ?? "",
      ...v.env,
      ...(runtimeFlags.length ? { MEMPROBE_V8_FLAGS: runtimeFlags.join(" ") } : {}),
      ...extraEnv,
    },
  });
  child.once("exit", (code, signal) => {
    if (!stopping.has(child)) console.error(`${name} exited (${code ?? signal}):\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
  });
  await waitFor(`${url}/v1/models`);
  return { child, pid: child.pid!, url };
}

const stopping = new Set<ChildProcess>();

function stop(child: ChildProcess): Promise<void> {
  stopping.add(child);
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 8_000);
    child.once("exit", () => (clearTimeout(kill), resolve()));
    child.kill("SIGTERM");
  });
}

const rounds = Number(process.env.MEMPROBE_ROUNDS ?? 1);
const summary = new Map<string, Array<{ idle: number; peak: number; cpu: number }>>();
const stack = await startStack({});
try {
  let run = 0;
  for (const name of Array.from({ length: rounds }, () => names).flat()) {
    run++;
    // "variant+--flag=x": extra node flags on top of a variant.
    const [base, ...extra] = name.split("+");
    const v = VARIANTS[base!]!;
    const proc = v.portkey ? { child: null, pid: stack.portkey.pid, url: stack.portkey.url } : await startVariant(stack, name, v, extra);
    const target: Target = v.portkey
      ? { name: `portkey-${run}`, origin: proc.url, path: "/v1/chat/completions", model: "emu-fast",
          headers: { "content-type": "application/json", authorization: "Bearer bench", "x-portkey-provider": "openai",
            "x-portkey-custom-host": `${stack.emulator.url}/v1` } }
      : { name: `sy-${name}-${run}`, origin: proc.url, path: "/v1/chat/completions", model: "sim/fast",
          headers: { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` } };
    await sleep(1000);
    const idle = rssMb(proc.pid);
    const idleDetail = `${smaps(proc.pid)} ${v.portkey ? "" : await heapStats(proc.pid)}`;
    // MEMPROBE_FIRST_HIT=/login,/api/health: how long the first and second GET of Next pages take
    // (with experimental.preloadEntriesOnStart off, the first one loads the route's modules).
    if (process.env.MEMPROBE_FIRST_HIT && !v.portkey) {
      const times: string[] = [];
      for (const p of process.env.MEMPROBE_FIRST_HIT.split(",")) {
        const ms: number[] = [];
        for (let i = 0; i < 2; i++) {
          const t0 = performance.now();
          const r = await fetch(`${proc.url}${p}`, { redirect: "manual" });
          await r.arrayBuffer();
          ms.push(performance.now() - t0);
          if (i === 0) times.push(`${p} ${r.status}`);
        }
        times[times.length - 1] += ` ${ms.map((m) => m.toFixed(0)).join("/")} ms`;
      }
      console.log(`   ${name} first/second GET: ${times.join(", ")}; RSS after: ${rssMb(proc.pid).toFixed(0)} MB`);
    }
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(proc.pid))), 100);
    for (const stream of [false, true]) await runSlice(target, 16, stream, 1500, newSamples()); // warm-up as bench/run.ts
    const phases: string[] = [];
    let totalCpu = 0;
    let totalReq = 0;
    for (const stream of [false, true]) {
      for (const c of [16, 64]) {
        const s = newSamples();
        const c0 = cpuMs(proc.pid);
        let phasePeak = 0;
        const ps = setInterval(() => (phasePeak = Math.max(phasePeak, rssMb(proc.pid))), 100);
        await runSlice(target, c, stream, seconds * 1000, s);
        await sleep(300);
        clearInterval(ps);
        const cpu = cpuMs(proc.pid) - c0;
        totalCpu += cpu;
        totalReq += s.latencies.length;
        phases.push(`${stream ? "stream" : "json"} c${c}: ${(s.latencies.length / seconds).toFixed(0)} req/s ` +
          `${(cpu / Math.max(1, s.latencies.length)).toFixed(3)} ms/req peak ${phasePeak.toFixed(0)}${s.errors ? ` ERR ${s.errors} ${s.firstError}` : ""}`);
      }
    }
    clearInterval(sampler);
    const loadedDetail = `${smaps(proc.pid)} ${v.portkey ? "" : await heapStats(proc.pid)}`;
    const gcDetail = v.portkey ? "" : await heapStats(proc.pid, true);
    if (process.env.MEMPROBE_SNAP_DIR && !v.portkey) await snapshot(proc.pid);
    await sleep(3000);
    const after = rssMb(proc.pid); // after the forced GC above
    console.log(`\n== ${name}: RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, 3 s after load+gc ${after.toFixed(0)} MB, ` +
      `CPU ${(totalCpu / Math.max(1, totalReq)).toFixed(3)} ms/req overall`);
    for (const p of phases) console.log(`   ${p}`);
    console.log(`   idle:   ${idleDetail}`);
    console.log(`   loaded: ${loadedDetail}`);
    if (gcDetail) console.log(`   gc'd:   ${gcDetail}`);
    if (proc.child) await stop(proc.child);
    const runs = summary.get(name) ?? [];
    runs.push({ idle, peak, cpu: totalCpu / Math.max(1, totalReq) });
    summary.set(name, runs);
  }
  if (rounds > 1) {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log("\nmedians over rounds: variant | RSS idle MB | RSS peak MB | CPU ms/req (all runs)");
    for (const [name, runs] of summary) {
      console.log(`  ${name} | ${median(runs.map((r) => r.idle)).toFixed(0)} | ${median(runs.map((r) => r.peak)).toFixed(0)} | ` +
        `${median(runs.map((r) => r.cpu)).toFixed(3)} (${runs.map((r) => `${r.peak.toFixed(0)}/${r.cpu.toFixed(3)}`).join(", ")})`);
    }
  }
} finally {
  await closePools();
  await stack.stop();
  fs.rmSync(statsFile, { force: true });
}
