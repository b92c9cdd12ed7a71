// Publishing an invalidation: `SELECT pg_notify(channel, json)`. Postgres delivers a
// notification when the transaction that sent it commits, and drops it on rollback, so
// publishing through the transaction that makes the change tells other processes exactly
// when the change is visible to them (never before: they would re-read the old row and
// cache it again; never lost because this process died between commit and publish).
import type pg from "pg";
import { pool, withTransaction } from "@/lib/db";
import { INVALIDATION_CHANNEL, invalidationMessage, type InvalidationMessage } from "@/lib/invalidation/messages";

/** What can run the NOTIFY: the pool (its own transaction), or a client inside BEGIN…COMMIT. */
export type Queryable = { query(text: string, values: unknown[]): Promise<unknown> };

const NOTIFY = "SELECT pg_notify($1, $2)";
/** Postgres refuses a payload of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_999;

/** The payload, checked against the schema every listener parses it with. */
function payloadOf(message: InvalidationMessage): string {
  const payload = JSON.stringify(invalidationMessage.parse(message));
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`Invalidation payload too large (${message.kind}).`);
  return payload;
}

/** Sends `message` to every listening process; through `via`'s transaction when given. */
export async function publishInvalidation(message: InvalidationMessage, via: Queryable = pool()): Promise<void> {
  await via.query(NOTIFY, [INVALIDATION_CHANNEL, payloadOf(message)]);
}

/**
 * The NOTIFY as a Prisma statement, for a batch or interactive transaction:
 * `db().$transaction([db().apiKey.update(…), prismaNotify(db(), message)])`.
 */
export function prismaNotify<P>(prisma: { $executeRawUnsafe(query: string, ...values: unknown[]): P }, message: InvalidationMessage): P {
  return prisma.$executeRawUnsafe(NOTIFY, INVALIDATION_CHANNEL, payloadOf(message));
}

/**
 * Runs `change` on one pooled connection inside BEGIN…COMMIT and publishes the message(s)
 * `notices` derives from its result in the same transaction.
 */
export async function changeAndPublish<T>(
  change: (client: pg.PoolClient) => Promise<T>,
  notices: (result: T) => readonly InvalidationMessage[],
): Promise<T> {
  return withTransaction(async (client) => {
    const result = await change(client);
    for (const message of notices(result)) await publishInvalidation(message, client);
    return result;
  });
}
