// The one database handle: a pg Pool shared by Prisma (through its driver adapter) and by
// the few hot-path statements that run as plain prepared queries (key lookup, reservation).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// Note: pg returns BIGINT columns as strings; raw queries convert with BigInt() themselves.
// (A global int8 type parser would break Prisma's driver adapter, which expects strings.)

type Handles = { pool: pg.Pool; prisma: PrismaClient };
const globalForDb = globalThis as unknown as { __switchyardDb?: Handles };

function open(): Handles {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  // Idle connections stay open for a minute (pg's default is 10 s): a quiet API server would
  // otherwise pay a new connection and its authentication on the next key lookup or log flush.
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE, idleTimeoutMillis: 60_000, keepAlive: true });
  pool.on("error", () => undefined); // idle client errors: the pool replaces the client
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
}

function handles(): Handles {
  // Kept on globalThis so Next's dev hot reload does not open a new pool per edit.
  globalForDb.__switchyardDb ??= open();
  return globalForDb.__switchyardDb;
}

export function db(): PrismaClient {
  return handles().prisma;
}

export function pool(): pg.Pool {
  return handles().pool;
}

export async function closeDb(): Promise<void> {
  const h = globalForDb.__switchyardDb;
  if (!h) return;
  globalForDb.__switchyardDb = undefined;
  await h.prisma.$disconnect();
  await h.pool.end();
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
