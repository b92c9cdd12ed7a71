// `tsx bench/experiments/low-rate.ts [seconds=10] [latencyMs=50]`: the c=1 cell against a slow
// upstream, where our CPU per request is ~3× the bare proxy's (vs ~2.4× at c=16). Prints the
// API worker's user/system CPU per request, the whole tree's, and Postgres transactions per request.
import fs from "node:fs";
import pg from "pg";
import { closePools, newSamples, runSlice } from "../load";
import { apiWorkerPids, cpuMs, cpuMsTree, cpuSplitMs, processTree } from "../proc";
import { setUpstreamLatency, startStack } from "../setup";
import { gcLinesSince, gcLogMark, gcPauseMs } from "./gc-log";
import { gatewayTarget } from "../targets";

const seconds = Number(process.argv[2] ?? 10);
const latency = Number(process.argv[3] ?? 50);
// MODE=json|stream: only that mode. BENCH_CPU_PROF=<dir>: profile the server tree meanwhile.
const modes = process.env.MODE === "json" ? [false] : process.env.MODE === "stream" ? [true] : [false, true];
const stack = await startStack({ gatewayOnly: true, cpuProfDir: process.env.BENCH_CPU_PROF });
const target = gatewayTarget(stack.gateway, stack.apiKey);
const db = new pg.Client({ connectionString: stack.pg.url });
await db.connect();
const xacts = async () => Number((await db.query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")).rows[0].xact_commit);
try {
  for (const s of [false, true]) await runSlice(target, 16, s, 1000, newSamples());
  await setUpstreamLatency(stack.emulator.url, latency);
  // LOG_STATEMENTS=1: log every statement during the measured runs and count them by kind after.
  if (process.env.LOG_STATEMENTS === "1") await db.query("ALTER SYSTEM SET log_statement = 'all'").then(() => db.query("SELECT pg_reload_conf()"));
  const worker = apiWorkerPids(stack.gateway.pid)[0]!;
  for (const s of modes) {
    const out = newSamples();
    const gc0 = gcLogMark(stack.dir, stack.gateway);
    const tree0 = new Map(processTree(stack.gateway.pid).map((p) => [p, cpuMs(p)]));
    const t0 = cpuMsTree(stack.gateway.pid), w0 = cpuSplitMs(worker), x0 = await xacts();
    await runSlice(target, 1, s, seconds * 1000, out);
    await new Promise((r) => setTimeout(r, 300));
    const n = out.latencies.length;
    const w1 = cpuSplitMs(worker);
    const x1 = await xacts();
    console.log(`${s ? "stream" : "json"} c=1 ${latency} ms: ${n} req, tree ${((cpuMsTree(stack.gateway.pid) - t0) / n).toFixed(3)} ms/req, ` +
      `worker user ${((w1.user - w0.user) / n).toFixed(3)} sys ${((w1.sys - w0.sys) / n).toFixed(3)}, ${((x1 - x0 - 2) / n).toFixed(2)} pg xacts/req`);
    // With BENCH_GATEWAY_FLAGS=--trace-gc: the API worker's collections during the run, by kind.
    const gcs = gcLinesSince(stack.dir, stack.gateway, gc0, worker);
    if (gcs.length > 0) {
      const kinds = new Map<string, { n: number; ms: number }>();
      for (const l of gcs) {
        const kind = /ms: ([A-Za-z-]+(?: \([a-z ]+\))?)/.exec(l)?.[1] ?? "?";
        const k = kinds.get(kind) ?? { n: 0, ms: 0 };
        k.n++;
        k.ms += gcPauseMs(l) + Number(/\+ ([\d.]+) ms in/.exec(l)?.[1] ?? 0);
        kinds.set(kind, k);
      }
      for (const [k, v] of kinds) console.log(`  worker GC ${k}: ${v.n}, ${(v.ms / n).toFixed(3)} ms/req (pauses and marking steps)`);
    }
    for (const [p, ms] of tree0) {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0").slice(0, 2).join(" ");
      console.log(`  ${cmd}: ${((cpuMs(p) - ms) / n).toFixed(3)} ms/req`);
    }
  }
  if (process.env.LOG_STATEMENTS === "1") {
    // A statement's text starts after "statement: " / "execute …: ", or on the next line.
    const lines = fs.readFileSync(`${stack.dir}/pg/postgres.log`, "utf8").split("\n");
    const kinds = new Map<string, number>();
    for (const [i, l] of lines.entries()) {
      if (!/(statement|execute [^:]*): /.test(l)) continue;
      const k = (l.replace(/^.*?(statement|execute [^:]*): /, "").trim() || (lines[i + 1] ?? "").trim()).slice(0, 90);
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    for (const [k, v] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${v}\t${k}`);
  }
} finally {
  await db.end();
  await closePools();
  await stack.stop();
}
