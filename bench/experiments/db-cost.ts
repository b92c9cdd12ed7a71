// `tsx bench/experiments/db-cost.ts`: what Postgres's CPU per request (c=16, 0 ms upstream) is
// made of — measured as stored, then with no bodies stored (zero retention), then without the
// usage rollup triggers, then with every secondary index of request_logs dropped too (in the
// throwaway bench database only).
import pg from "pg";
import { closePools, newSamples, runSlice } from "../load";
import { cpuMsTree, treeCpu, treeCpuDelta } from "../proc";
import { startStack } from "../setup";
import { gatewayTarget } from "../targets";

const stack = await startStack({ gatewayOnly: true });
const target = gatewayTarget(stack.gateway, stack.apiKey);
const db = new pg.Client({ connectionString: stack.pg.url });
await db.connect();
async function measure(label: string) {
  for (const s of [false, true]) {
    const out = newSamples();
    const d0 = treeCpu(stack.pgPid), g0 = cpuMsTree(stack.gateway.pid);
    await runSlice(target, 16, s, 5000, out);
    await new Promise((r) => setTimeout(r, 400));
    const n = out.latencies.length;
    console.log(`${label} ${s ? "stream" : "json"}: ${(n / 5).toFixed(0)} req/s, db ${(treeCpuDelta(d0, treeCpu(stack.pgPid)) / n).toFixed(3)} ms/req, gateway ${((cpuMsTree(stack.gateway.pid) - g0) / n).toFixed(3)} ms/req`);
  }
}
try {
  await runSlice(target, 16, false, 2000, newSamples());
  await measure("all indexes");
  await db.query("UPDATE users SET zero_retention = true");
  await new Promise((r) => setTimeout(r, 1500)); // the key cache follows over LISTEN/NOTIFY
  await measure("no bodies");
  await db.query("ALTER TABLE request_logs DISABLE TRIGGER USER");
  await measure("no rollup triggers");
  const { rows } = await db.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'request_logs' AND indexname <> 'request_logs_pkey'`);
  for (const r of rows) await db.query(`DROP INDEX "${r.indexname}"`);
  console.log(`dropped ${rows.length}: ${rows.map((r) => r.indexname).join(", ")}`);
  await measure("pkey only");
} finally {
  await db.end();
  await closePools();
  await stack.stop();
}
