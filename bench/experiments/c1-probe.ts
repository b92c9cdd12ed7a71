// `tsx bench/experiments/c1-probe.ts [seconds=20] [rounds=10]`: the closed-loop c=1 case alone, with many
// short interleaved slices — the cell of `npm run bench` that is most sensitive to noise.
// Targets: direct, bare, Switchyard, Portkey, and `baseline` when dist/baseline/server.mjs
// exists (see build-baseline.ts). Prints added p50/p90 per target and CPU ms/request.
// BENCH_CPU_PROF=<dir> profiles Switchyard. LAT=<ms> sets the emulator's latency (default 50);
// WARM=1 first loads every target with c=64 streams; C=<n> another concurrency; STREAM=1
// streams (with TTFB); PAGES=1 and EXTRA see below.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { freePort } from "../../scripts/lib/postgres";
import { closePools, newSamples, runSlice, type Samples, type Target } from "../load";
import { cpuMs } from "../proc";
import { setUpstreamLatency, startStack, waitFor } from "../setup";
import { dist } from "../stats";
import { stackTargets } from "../targets";

const seconds = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 10);
const concurrency = Number(process.env.C ?? 1);
const stream = process.env.STREAM === "1";
const baselineScript = "dist/baseline/server.mjs";
const stack = await startStack({ baseline: fs.existsSync(baselineScript) ? baselineScript : undefined,
  cpuProfDir: process.env.BENCH_CPU_PROF });
const emu = stack.emulator.url;
const { targets: byName, procs } = stackTargets(stack);
const targets: Array<Target & { pid?: number }> = Object.values(byName).map((t) => ({ ...t, pid: procs[t.name as keyof typeof procs]?.pid }));
// EXTRA=a.ts,b.ts: more pass-through proxy variants (args: <port> <upstream>), as targets
// named after the file.
for (const file of (process.env.EXTRA ?? "").split(",").filter(Boolean)) {
  const name = path.basename(file, ".ts");
  const out = path.resolve(`dist/probe-${name}.mjs`);
  await build({ entryPoints: [file], outfile: out, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "warning" });
  const port = await freePort();
  const child = spawn(process.execPath, [out, String(port), emu], { stdio: "inherit" });
  process.on("exit", () => child.kill());
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/_emulator/health`);
  targets.push({ ...byName.bare, name, origin, pid: child.pid });
}
try {
  // PAGES=1: Switchyard first renders dashboard pages (Next, AsyncLocalStorage) — with
  // dist/baseline/server.mjs a copy of dist/server.mjs, `baseline` is the untouched control.
  if (process.env.PAGES) {
    for (const origin of [stack.gateway.url, stack.baseline?.url]) {
      if (origin) for (const p of ["/", "/login", "/signup"]) await (await fetch(origin + p)).text();
    }
  }
  for (const t of targets) await runSlice(t, 16, false, 1500, newSamples());
  // WARM=1: every target first serves c=64 streams, as in the full bench (its c=1 50 ms cell follows that).
  if (process.env.WARM) for (let r = 0; r < 3; r++) for (const t of targets) await runSlice(t, 64, true, 1200, newSamples());
  await setUpstreamLatency(emu, Number(process.env.LAT ?? 50));
  const res = new Map<string, Samples>(targets.map((t) => [t.name, newSamples()]));
  const cpu = new Map<string, number>(targets.map((t) => [t.name, 0]));
  for (let r = 0; r < rounds; r++) {
    // Rotate who goes first so drift hits every target alike.
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(i + r) % targets.length]!;
      const before = t.pid ? cpuMs(t.pid) : 0;
      await runSlice(t, concurrency, stream, (seconds * 1000) / rounds / targets.length, res.get(t.name)!);
      if (t.pid) cpu.set(t.name, cpu.get(t.name)! + cpuMs(t.pid) - before);
    }
  }
  const direct = dist(res.get("direct")!.latencies);
  const directTtfb = dist(res.get("direct")!.ttfbs);
  for (const t of targets) {
    const s = res.get(t.name)!;
    const d = dist(s.latencies);
    if (stream) console.log(`${t.name.padEnd(10)} TTFB p50 +${(dist(s.ttfbs).p50 - directTtfb.p50).toFixed(3)} ms over direct`);
    console.log(`${t.name.padEnd(10)} n=${d.n} added p50 ${(d.p50 - direct.p50).toFixed(3)} ms, p90 ${(d.p90 - direct.p90).toFixed(3)} ms` +
      (t.pid ? `, CPU ${(cpu.get(t.name)! / d.n).toFixed(2)} ms/req` : "") + (s.errors ? `, ${s.errors} errors` : ""));
  }
} finally {
  await closePools();
  await stack.stop();
}
