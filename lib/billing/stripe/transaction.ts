// A plain pg transaction for the webhook handlers: one connection, BEGIN/COMMIT, and the
// shared Sql interface so ledger writes go through applyLedgerEntry like everywhere else.
import { withTransaction } from "@/lib/db";
import { sqlFromPool, type Sql } from "@/lib/billing/sql";

export async function inTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  return withTransaction((client) => fn(sqlFromPool(client)));
}
