// `tsx bench/experiments/batch-lock.ts [rows …]`: the charge statement (lib/sql/charges.ts) on
// batches of `rows` bench-like rows in a throwaway database: its time, and how long it holds
// the account's row — a second connection polls `FOR NO KEY UPDATE NOWAIT` on it (what a hold
// change waits for) meanwhile. The cost of larger charge batches (charge-writer.ts).
import { startChargeBatchDb } from "./charge-batch-db";

const sizes = process.argv.slice(2).map(Number);
const cb = await startChargeBatchDb("batch-lock");
const { db } = cb;
try {
  for (const n of sizes.length ? sizes : [100, 500]) {
    for (let i = 0; i < 3; i++) await cb.write(cb.batch(n)); // warm: plans, caches
    const total: number[] = [];
    const locked: number[] = [];
    for (let i = 0; i < 15; i++) {
      const rows = cb.batch(n);
      let done = false;
      let firstBlocked = -1;
      const t0 = performance.now();
      const write = cb.write(rows).then(() => { done = true; return performance.now(); });
      while (!done) {
        const ok = await db.query("BEGIN; SELECT 1 FROM users WHERE id = 'usr_bench' FOR NO KEY UPDATE NOWAIT").then(() => true, () => false);
        await db.query("ROLLBACK");
        if (!ok && firstBlocked < 0) firstBlocked = performance.now();
      }
      const end = await write;
      total.push(end - t0);
      locked.push(firstBlocked < 0 ? 0 : end - firstBlocked);
    }
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!.toFixed(1);
    const max = (xs: number[]) => Math.max(...xs).toFixed(1);
    console.log(`${n} rows: statement median ${med(total)} ms (max ${max(total)}), account row locked median ${med(locked)} ms (max ${max(locked)})`);
  }
} finally {
  await cb.stop();
}
