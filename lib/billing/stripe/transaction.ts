// A plain pg transaction for the webhook handlers: one connection, BEGIN/COMMIT, and the
// shared Sql interface so ledger writes go through applyLedgerEntry like everywhere else.
import { pool } from "@/lib/db";
import type { Sql } from "@/lib/billing/sql";

export async function inTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  const sql: Sql = async <R extends Record<string, unknown>>(text: string, values: unknown[]) =>
    (await client.query<R>(text, values)).rows;
  try {
    await client.query("BEGIN");
    const out = await fn(sql);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
