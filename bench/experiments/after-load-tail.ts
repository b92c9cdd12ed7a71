// `tsx bench/experiments/after-load-tail.ts [seconds=8] [json|stream]`: the c=1 tail right after heavy load,
// as in the full bench (its c=1 cells follow the warm-up and the c=16/c=64 cells of the mode
// before): c=64 JSON for `seconds`, then c=1 JSON in 1 s slices, noting per slice whether an
// autovacuum worker was busy (pg_stat_activity, polled every 50 ms) — Postgres's background
// work on this 2-vCPU machine is CPU the gateway's c=1 chain may have to wait for.
import fs from "node:fs";
import pg from "pg";
import { closePools, newSamples, runSlice } from "../load";
import { apiWorkerPids, cpuMsTree, treeCpu, treeCpuDelta } from "../proc";
import { startStack } from "../setup";
import { dist } from "../stats";
import { gatewayTarget } from "../targets";
import { gcLinesSince, gcLogMark } from "./gc-log";

const seconds = Number(process.argv[2] ?? 8);
/** The machine's steal time so far (ms; /proc/stat): CPU the hypervisor gave to others. */
const stealMs = () => Number(fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/)[8]) * 10;
const stream = process.argv[3] === "stream"; // the c=1 slices; the load before is JSON
const stack = await startStack({ gatewayOnly: true });
const target = gatewayTarget(stack.gateway, stack.apiKey);
const db = new pg.Client({ connectionString: stack.pg.url });
await db.connect();
try {
  for (const page of ["/", "/login"]) await (await fetch(stack.gateway.url + page)).text();
  for (let round = 0; round < 2; round++) {
    await runSlice(target, 64, false, seconds * 1000, newSamples());
    for (let i = 0; i < seconds; i++) {
      let busy = 0;
      let polling = true;
      const poll = (async () => {
        while (polling) {
          const { rows } = await db.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'");
          if (rows[0].n > 0) busy++;
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const s = newSamples();
      const at = gcLogMark(stack.dir, stack.gateway);
      const steal0 = stealMs();
      const pg0 = treeCpu(stack.pgPid), gw0 = cpuMsTree(stack.gateway.pid), emu0 = cpuMsTree(stack.emulator.pid);
      await runSlice(target, 1, stream, 1000, s);
      polling = false;
      await poll;
      const d = dist(s.latencies);
      console.log(`round ${round} slice ${i}: n=${s.latencies.length} p50 ${d.p50.toFixed(2)} p99 ${d.p99.toFixed(2)} ms, ` +
        `${s.latencies.filter((x) => x > 2.5).length} over 2.5 ms, autovacuum seen in ${busy} polls; CPU ms: Postgres ` +
        `${treeCpuDelta(pg0, treeCpu(stack.pgPid)).toFixed(0)}, gateway ${(cpuMsTree(stack.gateway.pid) - gw0).toFixed(0)}, emulator ${(cpuMsTree(stack.emulator.pid) - emu0).toFixed(0)}, steal ${stealMs() - steal0}`);
      // BENCH_GATEWAY_FLAGS=--trace-gc: the API worker's collections during the slice.
      const gcs = gcLinesSince(stack.dir, stack.gateway, at, apiWorkerPids(stack.gateway.pid)[0]!);
      if (process.env.BENCH_GATEWAY_FLAGS?.includes("--trace-gc")) {
        const mc = gcs.filter((l) => l.includes("Mark"));
        console.log(`   worker GC: ${gcs.length - mc.length} scavenges, ${mc.length} mark-compacts${mc.map((l) => ": " + l.slice(l.indexOf("Mark"), l.indexOf("(average")).trim()).join("")}`);
      }
    }
  }
} finally {
  await db.end();
  await closePools();
  await stack.stop();
}
