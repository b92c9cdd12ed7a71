// Where a statement runs. Statements default to the pool; inside a transaction they take an
// `Sql`: one pooled client between BEGIN and COMMIT (inTransaction), or a Prisma interactive
// transaction (sqlFromPrisma: sign-up grants the welcome credits in the transaction that
// creates the account). So each money-moving statement is written once, in lib/sql.
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import { withTransaction } from "@/lib/sql/pool";
import type { Row } from "@/lib/sql/rows";

/** What a statement returned, before its rows are parsed. */
export type SqlResult = { readonly rows: readonly Row[]; readonly rowCount: number | null };

/** Runs one statement (`name` prepares it where the executor can). */
export type Sql = (text: string, values: readonly unknown[], name?: string) => Promise<SqlResult>;

/** A pool, or one client of it (inside a transaction). */
export function sqlFromPool(client: pg.Pool | pg.PoolClient): Sql {
  return (text, values, name) => client.query<Row>({ text, values: values as unknown[], name });
}

/**
 * A Prisma interactive transaction. Prisma does not report affected rows for raw queries:
 * rowCount is the number of rows returned (statements run this way use RETURNING).
 */
export function sqlFromPrisma(tx: Prisma.TransactionClient): Sql {
  return async (text, values) => {
    const rows = await tx.$queryRawUnsafe<Row[]>(text, ...values);
    return { rows, rowCount: rows.length };
  };
}

/** Runs `fn` in one BEGIN … COMMIT on a pooled connection (ROLLBACK when it throws). */
export function inTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  return withTransaction((client) => fn(sqlFromPool(client)));
}
