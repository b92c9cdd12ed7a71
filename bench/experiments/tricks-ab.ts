// `tsx bench/experiments/tricks-ab.ts [sliceMs=1500] [rounds=6]`: interleaved A/B of the hot
// path's performance tricks (docs/performance.md, "Performance tricks and what they earn").
// One stack (emulator, Postgres); one gateway process per variant, all from one copy of
// dist/server.mjs, differing only in SWITCHYARD_NO_TRICKS (lib/perf-tricks.ts, read once at
// start). Each variant has its own control process (nothing off) with the same history: a
// shared control would serve many more requests and sit idle less than the variants, and an
// idle V8 process pays more for its next requests (+15 % in an A/A check). Every round runs,
// per mode, each variant right beside its control (A B / B A), so machine drift hits both
// alike; the medians (and ranges) of those paired ratios are printed.
// VARIANTS=coalesce,a+b,all: `a+b` = a and b off (default: an A/A pair `none`, and each trick
// alone). MODES=json16,stream16,stream1 (<json|stream><c>;
// 0 ms upstream). PAGES=0 skips rendering Next pages first (the full bench renders them).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "../../scripts/lib/postgres";
import { closePools, newSamples, runSlice, settle, type Target } from "../load";
import { apiWorkerPids, cpuMsTree, rssMb } from "../proc";
import { setUpstreamLatency, startStack, waitFor, type Proc } from "../setup";
import { dist } from "../stats";

const ROOT = path.resolve(import.meta.dirname, "../..");
process.chdir(ROOT);
const sliceMs = Number(process.argv[2] ?? 1500);
const rounds = Number(process.argv[3] ?? 6);
const TRICKS = ["simple-body", "shape", "content-event", "coalesce", "heap-growing"]; // lib/perf-tricks.ts
const variants = (process.env.VARIANTS ?? ["none", ...TRICKS].join(",")).split(",");
const CONTROL = "on/";
const modes = (process.env.MODES ?? "json16,stream16,stream1").split(",").map((m) => {
  const match = /^(json|stream)(\d+)$/.exec(m);
  if (!match) throw new Error(`bad mode ${m}`);
  return { name: m, stream: match[1] === "stream", c: Number(match[2]) };
});

// A private copy, so a rebuild of dist/ by someone else cannot change a variant mid-run.
const copyDir = path.join(ROOT, "dist/tricks-ab");
fs.mkdirSync(copyDir, { recursive: true });
for (const f of ["server.mjs", "api-worker.mjs", "next-server.mjs"]) fs.copyFileSync(path.join("dist", f), path.join(copyDir, f));
const script = path.join(copyDir, "server.mjs");

const stack = await startStack({ gatewayOnly: true });
const children: Proc[] = [];
const stopAll = () => Promise.all(children.map((p) => new Promise<void>((resolve) => {
  if (p.child.exitCode !== null) return resolve();
  p.child.once("exit", () => resolve());
  p.child.kill("SIGTERM");
})));

/** The server is a primary with one API worker (and a Next process): CPU is the whole tree's, RSS the worker's. */
function apiRss(pid: number): number {
  return rssMb(apiWorkerPids(pid)[0]!); // the pid itself for a one-process server
}

async function startVariant(name: string): Promise<Proc> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const noTricks = name.startsWith(CONTROL) || name === "none" ? "" : name.replaceAll("+", ",");
  const log = fs.openSync(path.join(stack.dir, `gw-${name.replace("/", "_")}.log`), "a");
  const child = spawn(process.execPath, [script], {
    cwd: ROOT, stdio: ["ignore", log, log],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", DATABASE_URL: stack.pg.url,
      EMULATOR_URL: stack.emulator.url, LOG_LEVEL: "warn", PORT: String(port), HOST: "127.0.0.1",
      NEXTAUTH_SECRET: "bench-secret-not-for-production-0123456789", NEXTAUTH_URL: url, SWITCHYARD_NO_TRICKS: noTricks },
  });
  const p = { name, child, pid: child.pid!, url };
  children.push(p);
  return p;
}

type Row = { cpu: number[]; ttfb: number[]; p50: number[]; n: number; errors: number; firstError?: string };
try {
  const procs = await Promise.all(variants.flatMap((v) => [CONTROL + v, v]).map(startVariant));
  await Promise.all(procs.map((p) => waitFor(`${p.url}/v1/models`)));
  if (process.env.PAGES !== "0") {
    for (const p of procs) for (const page of ["/", "/login", "/signup", "/dashboard"]) await (await fetch(p.url + page)).text();
  }
  const json = { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` };
  const targets: Target[] = procs.map((p) => ({ name: p.name, origin: p.url, path: "/v1/chat/completions", model: "sim/fast", headers: json }));
  const rss = new Map(procs.map((p) => [p.name, { idle: apiRss(p.pid), peak: 0 }]));
  const sampler = setInterval(() => {
    for (const p of procs) rss.get(p.name)!.peak = Math.max(rss.get(p.name)!.peak, apiRss(p.pid));
  }, 100);
  await setUpstreamLatency(stack.emulator.url, 0);
  for (const m of modes) for (const t of targets) await runSlice(t, m.c, m.stream, 800, newSamples()); // warm-up
  // c=64 streams once, as the full bench does: the RSS peak comes from there.
  for (const t of targets) await runSlice(t, 64, true, 1500, newSamples());

  // Adjacent pairs: each round runs, per mode and variant, `on` and the variant back to back
  // (alternating which goes first), so a pair shares the machine's state of that moment.
  const rows = new Map<string, Row>();
  const key = (m: string, v: string, base = false) => `${m}/${v}${base ? "/on" : ""}`;
  for (const m of modes) for (const v of variants) for (const base of [false, true]) rows.set(key(m.name, v, base), { cpu: [], ttfb: [], p50: [], n: 0, errors: 0 });
  const byName = new Map(targets.map((t) => [t.name, t]));
  const measure = async (t: Target, m: (typeof modes)[number], row: Row) => {
    const pid = procs.find((p) => p.name === t.name)!.pid;
    const s = newSamples();
    const c0 = cpuMsTree(pid);
    await runSlice(t, m.c, m.stream, sliceMs, s);
    await settle();
    row.cpu.push((cpuMsTree(pid) - c0) / Math.max(1, s.latencies.length));
    row.p50.push(dist(s.latencies).p50);
    if (m.stream) row.ttfb.push(dist(s.ttfbs).p50);
    row.n += s.latencies.length;
    row.errors += s.errors;
    row.firstError ??= s.firstError;
  };
  for (let r = 0; r < rounds; r++) {
    for (const m of modes) {
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(i + r) % variants.length]!;
        const pair: Array<[Target, Row]> = [[byName.get(CONTROL + v)!, rows.get(key(m.name, v, true))!], [byName.get(v)!, rows.get(key(m.name, v))!]];
        if ((r + i) % 2 === 1) pair.reverse();
        for (const [target, row] of pair) await measure(target, m, row);
      }
    }
    console.log(`round ${r + 1}/${rounds} done`);
  }
  clearInterval(sampler);

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const k = s.length >> 1;
    return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
  };
  const pct = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}%`;
  /** Per round: variant / on − 1 (positive = the variant costs more, i.e. the trick saves). */
  const paired = (a: number[], b: number[]) => a.map((x, i) => x / b[i]! - 1);
  const out: Record<string, unknown> = {};
  for (const m of modes) {
    console.log(`\n${m.name} (0 ms upstream, c=${m.c}): median per-slice value, and the variant vs its control in the same round (median [min, max]; + = costs more than its control)`);
    const allOn = variants.flatMap((v) => rows.get(key(m.name, v, true))!.cpu);
    const allOnTtfb = variants.flatMap((v) => rows.get(key(m.name, v, true))!.ttfb);
    console.log(`${"controls".padEnd(28)} CPU ${median(allOn).toFixed(3)} ms/req` + (m.stream ? ` | TTFB p50 ${median(allOnTtfb).toFixed(3)} ms` : ""));
    for (const v of variants) {
      const on = rows.get(key(m.name, v, true))!;
      const row = rows.get(key(m.name, v))!;
      const cpuDelta = paired(row.cpu, on.cpu);
      const ttfbDelta = m.stream ? paired(row.ttfb, on.ttfb) : [];
      const p50Delta = paired(row.p50, on.p50);
      const fmt = (d: number[]) => `${pct(median(d))} [${pct(Math.min(...d))}, ${pct(Math.max(...d))}]`;
      console.log(`${v.padEnd(28)} CPU ${median(row.cpu).toFixed(3)} ms/req ${fmt(cpuDelta)}` +
        (m.stream ? ` | TTFB p50 ${median(row.ttfb).toFixed(3)} ms ${fmt(ttfbDelta)}` : "") +
        ` | p50 ${median(row.p50).toFixed(3)} ms ${fmt(p50Delta)} | n=${row.n}${row.errors ? ` errors=${row.errors} (${row.firstError})` : ""}`);
      out[`${m.name}/${v}`] = { ...row, on, cpuDelta, ttfbDelta, p50Delta };
    }
  }
  console.log("\nRSS MB (idle after start → peak; control / variant):");
  for (const v of variants) {
    const [c, x] = [rss.get(CONTROL + v)!, rss.get(v)!];
    console.log(`${v.padEnd(28)} ${c.idle.toFixed(0)} → ${c.peak.toFixed(0)} / ${x.idle.toFixed(0)} → ${x.peak.toFixed(0)}`);
  }
  const file = path.join("/tmp", `tricks-ab-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify({ variants, modes, sliceMs, rounds, rows: out, rss: Object.fromEntries(rss) }, null, 1));
  console.log(`raw: ${file}`);
} finally {
  await closePools();
  await stopAll();
  await stack.stop();
}
