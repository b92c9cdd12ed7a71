// Server-side session guard for pages, server actions and dashboard route handlers.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db";

export type SessionUser = { id: string; email: string; name: string | null };

export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  // The JWT may outlive the account (deleted user, kept as an anonymised tombstone): confirm it is live.
  return db().user.findFirst({ where: { id, deletedAt: null }, select: { id: true, email: true, name: true } });
}

/** For pages: redirects to sign-in when there is no valid session. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
