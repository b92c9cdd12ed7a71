// Publishing an invalidation: `SELECT pg_notify(channel, json)`. Postgres delivers a
// notification when the transaction that sent it commits, and drops it on rollback, so
// publishing through the transaction that makes the change tells other processes exactly
// when the change is visible to them (never before: they would re-read the old row and
// cache it again; never lost because this process died between commit and publish).
import { inTransaction, type Sql } from "@/lib/sql/executor";
import { notify, prismaNotifyStatement } from "@/lib/sql/notify";
import { INVALIDATION_CHANNEL, invalidationMessage, type InvalidationMessage } from "@/lib/invalidation/messages";

/** Postgres refuses a payload of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_999;

/** The payload, checked against the schema every listener parses it with. */
function payloadOf(message: InvalidationMessage): string {
  const payload = JSON.stringify(invalidationMessage.parse(message));
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`Invalidation payload too large (${message.kind}).`);
  return payload;
}

/** Sends `message` to every listening process; through `via`'s transaction when given. */
export async function publishInvalidation(message: InvalidationMessage, via?: Sql): Promise<void> {
  await notify(INVALIDATION_CHANNEL, payloadOf(message), via);
}

/**
 * The NOTIFY as a Prisma statement, for a batch or interactive transaction:
 * `db().$transaction([db().apiKey.update(…), prismaNotify(db(), message)])`.
 */
export function prismaNotify<P>(prisma: { $executeRawUnsafe(query: string, ...values: unknown[]): P }, message: InvalidationMessage): P {
  return prismaNotifyStatement(prisma, INVALIDATION_CHANNEL, payloadOf(message));
}

/**
 * Runs `change` in one transaction (BEGIN…COMMIT on a pooled connection) and publishes the
 * message(s) `notices` derives from its result in the same transaction.
 */
export async function changeAndPublish<T>(
  change: (sql: Sql) => Promise<T>,
  notices: (result: T) => readonly InvalidationMessage[],
): Promise<T> {
  return inTransaction(async (sql) => {
    const result = await change(sql);
    for (const message of notices(result)) await publishInvalidation(message, sql);
    return result;
  });
}
