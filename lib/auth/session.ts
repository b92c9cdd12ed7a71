// Server-side session guard for pages, server actions and dashboard route handlers.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import type { SessionUser } from "@/lib/auth/session-version";

export type { SessionUser } from "@/lib/auth/session-version";

/**
 * The signed-in user, or null. getServerSession runs our jwt callback, which looks the
 * account up by id (one primary-key read) and drops the user when the account is deleted or
 * its sessions were ended (sign-out, password change: lib/auth/session-version.ts), so the
 * session's user is live as of this request.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  // A database that cannot answer is an error, not "signed out" (which would bounce to sign-in).
  if (session?.unchecked) throw new Error("session check failed: database unavailable");
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
}

/** For pages: redirects to sign-in when there is no valid session. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
