// `tsx bench/experiments/rollup-cost.ts [batches=40]`: what the usage rollup triggers on
// request_logs cost Postgres per charge batch of 100 rows (lib/sql/charges.ts's statement, rows
// like the bench's chat requests, bodies stored): the statement's time with the triggers as
// migrated, then with them disabled. A throwaway database; nothing else runs against it.
import { startChargeBatchDb } from "./charge-batch-db";

const batches = Number(process.argv[2] ?? 40);
const cb = await startChargeBatchDb("rollup-cost");
try {
  const time = async (label: string) => {
    for (let i = 0; i < 5; i++) await cb.write(cb.batch(100)); // warm: plans, caches
    const ms: number[] = [];
    for (let i = 0; i < batches; i++) {
      const rows = cb.batch(100);
      const t0 = performance.now();
      await cb.write(rows);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(`${label}: per batch of 100 median ${ms[ms.length >> 1]!.toFixed(2)} ms, p90 ${ms[Math.floor(ms.length * 0.9)]!.toFixed(2)} ms`);
  };
  await time("triggers as migrated");
  await cb.db.query("ALTER TABLE request_logs DISABLE TRIGGER USER");
  await time("no rollup triggers  ");
  await cb.db.query("ALTER TABLE request_logs ENABLE TRIGGER USER");
  await time("triggers again      ");
} finally {
  await cb.stop();
}
