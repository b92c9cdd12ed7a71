// NOTIFY through `SELECT pg_notify(channel, payload)`: delivered when the transaction that
// sends it commits, dropped on rollback (lib/invalidation/publish.ts says why that matters).
import type { Sql } from "@/lib/sql/executor";
import { definedCommand } from "@/lib/sql/query";

const NOTIFY = "SELECT pg_notify($1, $2)";
// Through a Prisma transaction (sqlFromPrisma) a query may not return a `void` column.
const notifyStatement = definedCommand<[channel: string, payload: string]>({ name: "pg_notify", text: "SELECT 1 AS notified FROM pg_notify($1, $2)" });

/** Notifies on the pool (its own transaction), or through `via`'s transaction. */
export async function notify(channel: string, payload: string, via?: Sql): Promise<void> {
  await notifyStatement.run([channel, payload], via);
}

/** The same NOTIFY as a Prisma statement, for a batch or interactive Prisma transaction. */
export function prismaNotifyStatement<P>(
  prisma: { $executeRawUnsafe(query: string, ...values: unknown[]): P }, channel: string, payload: string,
): P {
  return prisma.$executeRawUnsafe(NOTIFY, channel, payload);
}
