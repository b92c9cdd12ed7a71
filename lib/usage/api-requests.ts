// Request logs for the API's GET /requests and /requests/{id}: the key's account only,
// newest first, keyset-paginated by (created_at, id).
import { db } from "@/lib/db";
import type { RequestLog } from "@/lib/generated/prisma/client";

export type RequestPageQuery = { limit: number; after?: string; model?: string; status?: number };

/** null when `after` is not a request of this account. */
export async function listApiRequests(userId: string, q: RequestPageQuery): Promise<{ rows: RequestLog[]; hasMore: boolean } | null> {
  let cursor: { createdAt: Date; id: string } | null = null;
  if (q.after) {
    cursor = await db().requestLog.findFirst({ where: { id: q.after, userId }, select: { createdAt: true, id: true } });
    if (!cursor) return null;
  }
  const rows = await db().requestLog.findMany({
    where: {
      userId,
      ...(q.model ? { resolvedModel: q.model } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  return { rows: rows.slice(0, q.limit), hasMore: rows.length > q.limit };
}

/** The account's request `id`, or null (another account's id answers like a missing one). */
export function findApiRequest(userId: string, id: string): Promise<RequestLog | null> {
  return db().requestLog.findFirst({ where: { id, userId } });
}
