// The database as operations see it: is it answering, and how the pool's connections are used.
import { pool } from "@/lib/sql/pool";

/** Resolves when the database answers a trivial statement. */
export async function pingDatabase(): Promise<void> {
  await pool().query("SELECT 1");
}

export type PoolConnections = { total: number; idle: number; waiting: number };

/** The pool's connections now (for /api/metrics; opens the pool if it was not open). */
export function poolConnections(): PoolConnections {
  const p = pool();
  return { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount };
}
