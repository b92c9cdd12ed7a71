// The request-log retention job's statements (lib/observability/log-retention.ts): one
// session advisory lock so a single process in the deployment deletes at a time, and one
// batch DELETE of the oldest rows past the window. Nothing else changes: no foreign key
// points at request_logs (replay items copy what they need; the ledger's charge rows name a
// log id in source_id, unconstrained), and the rollups are kept by AFTER INSERT triggers
// only, so deleting logs leaves charts, usage and money as they were.
import { pool } from "@/lib/sql/pool";
import { definedCommand } from "@/lib/sql/query";
import { sqlFromPool, type Sql } from "@/lib/sql/executor";
import { bool } from "@/lib/sql/rows";

/** pg_try_advisory_lock key of the retention job ("SWLR"): one key, every process and instance. */
export const LOG_RETENTION_LOCK = 0x53574c52;

/**
 * Runs `fn` on one pooled connection that holds the retention lock, or returns
 * `{ locked: false }` at once when another session holds it. A session lock (not a
 * transaction one): each batch commits on its own, and the lock spans the whole run. If the
 * connection dies the server drops the lock with it.
 */
export async function withLogRetentionLock<T>(fn: (sql: Sql) => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }> {
  const client = await pool().connect();
  let broken = false;
  try {
    const { rows } = await client.query<{ locked: unknown }>("SELECT pg_try_advisory_lock($1) AS locked", [LOG_RETENTION_LOCK]);
    if (!bool(rows[0] ?? {}, "locked")) return { locked: false };
    try {
      return { locked: true, value: await fn(sqlFromPool(client)) };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOG_RETENTION_LOCK]).catch(() => {
        broken = true; // a connection that may still hold the lock must not go back to the pool
      });
    }
  } catch (err) {
    broken = true;
    throw err;
  } finally {
    client.release(broken);
  }
}

// The oldest `$2` rows created before the cutoff, by physical address: the subquery walks the
// created_at index from its left edge (migration 20261206160300_log_retention) and the DELETE
// is a TID scan of exactly those rows. created_at is UTC without a zone, hence the cutoff in UTC.
const deleteBatch = definedCommand<[days: number, limit: number]>({
  name: "request_logs_retention_batch",
  text: `DELETE FROM request_logs WHERE ctid = ANY (ARRAY(
  SELECT ctid FROM request_logs WHERE created_at < (now() AT TIME ZONE 'UTC') - make_interval(days => $1::int)
  ORDER BY created_at LIMIT $2::int))`,
});

/** Deletes up to `limit` of the oldest logs older than `days` days; returns how many it deleted. */
export function deleteExpiredLogBatch(days: number, limit: number, sql: Sql): Promise<number> {
  return deleteBatch.run([days, limit], sql);
}
