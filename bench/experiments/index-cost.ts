// `tsx bench/experiments/index-cost.ts [rows=500] [rounds=12]`: what request_logs' secondary
// indexes and the rollup triggers cost the log insert (the charge statement's largest part,
// lib/sql/charges.ts): the insert of bench-like rows with every index, without the triggers,
// without each secondary index in turn (dropped and recreated), and with the primary key only.
// Not interleaved (an index is DDL): read the medians and mins of one run side by side.
import { asText, insertOnly, recordset, startChargeBatchDb } from "./charge-batch-db";

const n = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 12);
const cb = await startChargeBatchDb("index-cost");
const sql = insertOnly(recordset("jsonb_to_recordset", "jsonb"));
/** Median and min ms of `rounds` inserts of `n` fresh rows (after 3 to warm plans and caches). */
async function measure(label: string): Promise<void> {
  for (let i = 0; i < 3; i++) { const rows = cb.batch(n); await cb.db.query(sql, asText(rows)); }
  const xs: number[] = [];
  for (let r = 0; r < rounds; r++) { const rows = cb.batch(n); const a = asText(rows); const t0 = performance.now(); await cb.db.query(sql, a); xs.push(performance.now() - t0); }
  xs.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} median ${xs[xs.length >> 1]!.toFixed(1)} min ${xs[0]!.toFixed(1)}`);
}
try {
  const idx = (await cb.db.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'request_logs' AND indexname <> 'request_logs_pkey'`)).rows as { indexname: string; indexdef: string }[];
  await measure("all indexes");
  await cb.db.query(`SET session_replication_role = replica`);
  await measure("all indexes, no triggers");
  await cb.db.query(`SET session_replication_role = origin`);
  for (const i of idx) {
    await cb.db.query(`DROP INDEX "${i.indexname}"`);
    await measure(`without ${i.indexname}`);
    await cb.db.query(i.indexdef);
  }
  for (const i of idx) await cb.db.query(`DROP INDEX "${i.indexname}"`);
  await measure("pkey only");
  await cb.db.query(`SET session_replication_role = replica`);
  await measure("pkey only, no triggers");
} finally { await cb.stop(); }
