// Creating and finding users. A new user and their free-credit grant are one transaction,
// and the grant is keyed by the user id, so it can happen only once.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { creditsToUnits } from "@/lib/billing/money";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { isUniqueViolation, sqlFromPrisma } from "@/lib/billing/sql";
import { createId } from "@/lib/ids";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { signupSchema } from "@/lib/auth/credentials";

export type PublicUser = { id: string; email: string; name: string | null };

async function createUser(data: { email: string; name: string | null; passwordHash: string | null }): Promise<PublicUser> {
  const signupCredits = env().SIGNUP_CREDITS;
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { id: createId("usr"), email: data.email, name: data.name, passwordHash: data.passwordHash },
        select: { id: true, email: true, name: true },
      });
      if (signupCredits > 0) {
        await applyLedgerEntry(sqlFromPrisma(tx), {
          userId: user.id, kind: "grant", amount: creditsToUnits(signupCredits),
          sourceId: `signup:${user.id}`, description: `Welcome credits (${signupCredits})`,
        });
      }
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "An account with this email already exists.", "email");
    throw err;
  }
}

export async function signUpWithPassword(input: unknown): Promise<PublicUser> {
  const parsed = signupSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid_request", issue.message, String(issue.path[0] ?? ""));
  }
  const { email, password, name } = parsed.data;
  const passwordHash = await hashPassword(password);
  return createUser({ email, name: name || null, passwordHash });
}

/** Returns the user when the password matches; null otherwise (no hint which part was wrong). */
export async function authenticatePassword(email: string, password: string): Promise<PublicUser | null> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user?.passwordHash) return null;
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/** OAuth sign-in: find the user by email or create one (with the same welcome grant). */
export async function findOrCreateOAuthUser(email: string, name: string | null): Promise<PublicUser> {
  const normalized = email.trim().toLowerCase();
  const existing = await db().user.findUnique({ where: { email: normalized }, select: { id: true, email: true, name: true } });
  if (existing) return existing;
  try {
    return await createUser({ email: normalized, name, passwordHash: null });
  } catch (err) {
    // Two first sign-ins racing: the other one created it.
    if (err instanceof AppError && err.code === "conflict") {
      return db().user.findUniqueOrThrow({ where: { email: normalized }, select: { id: true, email: true, name: true } });
    }
    throw err;
  }
}
