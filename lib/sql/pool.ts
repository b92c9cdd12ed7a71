// The pg Pool: the one connection pool of the process. Prisma (lib/db.ts) runs over it through
// its driver adapter; raw statements reach it only through this folder (lint rule
// `pool-only-in-lib-sql`), as named statements whose rows are parsed (query.ts, rows.ts).
import pg from "pg";
import { env } from "@/lib/env";

// pg returns BIGINT columns as strings; the parsers in rows.ts convert them. (A global int8
// type parser would break Prisma's driver adapter, which expects strings.)

const globalForPool = globalThis as unknown as { __switchyardPool?: pg.Pool };

/** Run on every new connection of the pool (see open()). */
const SESSION_SETUP = "SET jit = off";

function open(): pg.Pool {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  // Idle connections stay open for a minute (pg's default is 10 s): a quiet API server would
  // otherwise pay a new connection and its authentication on the next key lookup or log flush.
  const pool = new pg.Pool({
    connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE, idleTimeoutMillis: 60_000, keepAlive: true,
    // JIT off for our sessions. Postgres JIT-compiles any statement whose estimated cost passes
    // jit_above_cost, and at 10 M log rows that was ~180 ms of a ~200 ms replay sample (15–20 ms
    // without; docs/replay.md): our statements are index probes and bounded aggregations, which
    // compilation never pays back. The pool awaits this hook before it hands the new connection
    // out: a query sent from its "connect" event instead overlapped the caller's first one on
    // the same connection, which pg 8 queues with a deprecation warning and pg 9 will refuse.
    // A failure is left to the caller's own first statement on the connection to report.
    // (Behind a transaction-mode pooler, set jit = off in postgresql.conf instead.)
    onConnect: (client) => client.query(SESSION_SETUP).then(() => undefined, () => undefined),
  });
  pool.on("error", () => undefined); // idle client errors: the pool replaces the client
  return pool;
}

export function pool(): pg.Pool {
  // Kept on globalThis so Next's dev hot reload does not open a new pool per edit.
  globalForPool.__switchyardPool ??= open();
  return globalForPool.__switchyardPool;
}

/** Ends the pool if it was opened (lib/db.ts closeDb calls this after Prisma disconnects). */
export async function closePool(): Promise<void> {
  const p = globalForPool.__switchyardPool;
  if (!p) return;
  globalForPool.__switchyardPool = undefined;
  await p.end();
}

/** Runs `fn` on one pool connection inside BEGIN … COMMIT (ROLLBACK when it throws). */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
