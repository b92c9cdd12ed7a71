// Ending sessions that are stateless JWTs (next-auth 4's credentials provider needs them):
// a token carries its account's `session_version` from sign-in (`sv`) and counts only while
// the row still has that value. Sign-out, a password change and account deletion bump it,
// which ends every session of the account at once (there is no per-device session list).
//
// The check runs in next-auth's jwt callback, i.e. on every getServerSession(): one
// primary-key lookup per server read of the session, no cache, so an ended session is
// refused from the very next request on every process. The API hot path uses keys, never this.
// Every bump also publishes a "session" invalidation in its transaction (lib/invalidation),
// so a cache of versions, should one ever be added, learns of it in every process at once.
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { db } from "@/lib/db";
import { prismaNotify } from "@/lib/invalidation/publish";
import { logger } from "@/lib/observability/logger";

export type SessionUser = { id: string; email: string; name: string | null };

/** The account a token belongs to, if it is live and the token's version is current. */
export async function liveSessionUser(userId: string, version: number): Promise<SessionUser | null> {
  const row = await db().user.findFirst({
    where: { id: userId, deletedAt: null },
    select: { id: true, email: true, name: true, sessionVersion: true },
  });
  if (!row || row.sessionVersion !== version) return null;
  return { id: row.id, email: row.email, name: row.name };
}

/** Ends every session of the account (all devices). */
export async function endSessions(userId: string): Promise<void> {
  await db().$transaction([
    db().user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } }),
    prismaNotify(db(), { kind: "session", userId }),
  ]);
}

/**
 * Sign-out: ends the account's sessions, but only when the token signing out is itself
 * current, so a stale (already ended) cookie cannot be replayed to sign the owner out again.
 */
export async function endSessionsOfToken(token: JWT | null): Promise<void> {
  const userId = token?.uid;
  if (typeof userId !== "string") return;
  await db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, sessionVersion: token?.sv ?? 0 },
      data: { sessionVersion: { increment: 1 } },
    });
    if (count > 0) await prismaNotify(tx, { kind: "session", userId });
  });
}

/** jwt callback at sign-in: the token remembers the account's current version. */
export async function startSessionToken(token: JWT, userId: string): Promise<JWT> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return { ...token, uid: userId, sv: row?.sessionVersion ?? 0 };
}

/**
 * jwt callback on every later read: an ended session becomes an empty token (no user); a
 * live one gets the account's current name and email. When the database cannot answer, the
 * token is marked `unchecked` so the server reports an error instead of "signed out".
 */
export async function checkSessionToken(token: JWT): Promise<JWT> {
  const rest: JWT = { ...token };
  delete rest.unchecked;
  if (typeof rest.uid !== "string") return {};
  // Tokens minted before versioning carry no `sv`: they match the column's default, 0.
  const version = typeof rest.sv === "number" ? rest.sv : 0;
  try {
    const user = await liveSessionUser(rest.uid, version);
    if (!user) return {};
    return { ...rest, sv: version, name: user.name, email: user.email };
  } catch (err) {
    logger().error({ err: err instanceof Error ? err.message : String(err) }, "session check failed");
    return { ...rest, unchecked: true };
  }
}

/** session callback: a user only when the jwt callback just confirmed the token. */
export function sessionFromToken(session: Session, token: JWT): Session {
  if (token.unchecked) return { expires: session.expires, unchecked: true };
  if (typeof token.uid !== "string" || typeof token.email !== "string") return { expires: session.expires };
  return { expires: session.expires, user: { id: token.uid, email: token.email, name: token.name ?? null } };
}
