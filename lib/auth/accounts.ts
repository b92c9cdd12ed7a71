// Creating and finding users. One account per mailbox: users.email_normalized is unique, so
// a case, plus-tag or gmail-dot variant of an existing address is a 409 like the address
// itself. A new user and their welcome grant are one transaction, and the grant is keyed by
// the mailbox (lib/auth/welcome-grant.ts), so it happens at most once per mailbox, ever.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/sql/errors";
import { sqlFromPrisma } from "@/lib/sql/executor";
import { createId } from "@/lib/ids";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { signupSchema, type SignupInput } from "@/lib/auth/credentials";
import { normalizeEmail } from "@/lib/auth/normalize-email";
import { grantWelcomeCredits, welcomeCreditsDue } from "@/lib/auth/welcome-grant";
import { createEmailVerification, sendVerificationEmail } from "@/lib/auth/email-verification";

export type PublicUser = { id: string; email: string; name: string | null };

/**
 * A new account. `welcomeCredits`: granted now; `pendingCredits`: waiting for the emailed
 * link (email verification on). Both 0 when this mailbox already had its welcome credits.
 */
export type NewAccount = PublicUser & { welcomeCredits: number; pendingCredits: number };

const DUPLICATE = "An account with this email already exists.";

async function createUser(
  data: { email: string; name: string | null; passwordHash: string | null },
  opts: { verifyEmail: boolean },
): Promise<NewAccount> {
  const emailNormalized = normalizeEmail(data.email);
  try {
    const { account, token } = await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { id: createId("usr"), email: data.email, emailNormalized, name: data.name, passwordHash: data.passwordHash },
        select: { id: true, email: true, name: true },
      });
      const sql = sqlFromPrisma(tx);
      if (!opts.verifyEmail) {
        const welcomeCredits = await grantWelcomeCredits(sql, user.id, emailNormalized);
        return { account: { ...user, welcomeCredits, pendingCredits: 0 }, token: null };
      }
      const pendingCredits = await welcomeCreditsDue(sql, emailNormalized);
      const token = pendingCredits > 0 ? await createEmailVerification(tx, user.id) : null;
      return { account: { ...user, welcomeCredits: 0, pendingCredits }, token };
    });
    if (token) sendVerificationEmail(account.email, token, account.pendingCredits);
    return account;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", DUPLICATE, "email");
    throw err;
  }
}

/** The sign-up form's fields, validated, or a 400 AppError naming the first bad field. */
export function parseSignup(input: unknown): SignupInput {
  const parsed = signupSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid_request", issue.message, String(issue.path[0] ?? ""));
  }
  return parsed.data;
}

/** Creates a password account (no rate limits: the sign-up route adds those). */
export async function createPasswordAccount({ email, password, name }: SignupInput): Promise<NewAccount> {
  const passwordHash = await hashPassword(password);
  return createUser({ email, name: name || null, passwordHash }, { verifyEmail: env().SIGNUP_EMAIL_VERIFICATION === "on" });
}

export async function signUpWithPassword(input: unknown): Promise<NewAccount> {
  return createPasswordAccount(parseSignup(input));
}

/** Returns the user when the password matches; null otherwise (no hint which part was wrong). */
export async function authenticatePassword(email: string, password: string): Promise<PublicUser | null> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user?.passwordHash) return null;
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/**
 * OAuth sign-in: find the user by email or create one (same welcome grant, no verification
 * link: the provider vouches for the address). Null when the address is a variant of another
 * account's email: that account is not handed over on a guess that the two are one mailbox.
 */
export async function findOrCreateOAuthUser(email: string, name: string | null): Promise<PublicUser | null> {
  const lower = email.trim().toLowerCase();
  const select = { id: true, email: true, name: true } as const;
  const existing = await db().user.findUnique({ where: { email: lower }, select });
  if (existing) return existing;
  try {
    const { id, email: created, name: createdName } = await createUser({ email: lower, name, passwordHash: null }, { verifyEmail: false });
    return { id, email: created, name: createdName };
  } catch (err) {
    if (!(err instanceof AppError && err.code === "conflict")) throw err;
    // Two first sign-ins racing: the other one created it. Otherwise a variant holds the mailbox.
    return db().user.findUnique({ where: { email: lower }, select });
  }
}
