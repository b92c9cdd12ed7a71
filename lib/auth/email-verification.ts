// Optional email verification for the welcome credits (SIGNUP_EMAIL_VERIFICATION=on): a new
// password account gets its credits only once it opens the emailed link, so farming them
// needs a working mailbox per account, not just a made-up address. Signing in does not wait
// for it. The token is 256 random bits; only its SHA-256 is stored, with an expiry, and it
// works once.
import crypto from "node:crypto";
import { db } from "@/lib/db";
import { createId, randomBase62 } from "@/lib/ids";
import { sqlFromPrisma } from "@/lib/sql/executor";
import type { Prisma } from "@/lib/generated/prisma/client";
import { grantWelcomeCredits } from "@/lib/auth/welcome-grant";
import { sendEmail } from "@/lib/auth/email-verification-outbox";
import { siteOrigin } from "@/lib/http/site-origin";

const TOKEN_TTL_MS = 48 * 3600_000;
export const VERIFY_PATH = "/api/auth/verify-email";

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** Stores a new token for `userId` (inside the sign-up transaction) and returns it. */
export async function createEmailVerification(tx: Prisma.TransactionClient, userId: string, now = new Date()): Promise<string> {
  const token = randomBase62(43);
  await tx.emailVerification.create({
    data: { id: createId("ev"), userId, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + TOKEN_TTL_MS) },
  });
  return token;
}

export function sendVerificationEmail(to: string, token: string, credits: number): void {
  // The configured public origin, never the request's Host: a forged Host must not put an
  // attacker's site into a link that carries the token.
  const link = `${siteOrigin()}${VERIFY_PATH}?token=${encodeURIComponent(token)}`;
  sendEmail({
    to,
    subject: "Confirm your email for your Switchyard credits",
    text: `Welcome to Switchyard!\n\nOpen this link within 48 hours to confirm your email and receive your ${credits} free credits:\n\n${link}\n\nIf you did not create an account, ignore this email.`,
  });
}

export type VerifyOutcome =
  | { status: "verified"; credits: number }
  | { status: "already_verified" | "expired" | "invalid" };

/** Consumes a token from an emailed link: marks the email verified and grants the welcome credits. */
export async function verifyEmailToken(token: string, now = new Date()): Promise<VerifyOutcome> {
  if (!/^[0-9A-Za-z]{20,100}$/.test(token)) return { status: "invalid" };
  return db().$transaction(async (tx): Promise<VerifyOutcome> => {
    const row = await tx.emailVerification.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { user: { select: { id: true, emailNormalized: true, deletedAt: true } } },
    });
    if (!row || row.user.deletedAt) return { status: "invalid" };
    if (row.usedAt) return { status: "already_verified" };
    if (row.expiresAt <= now) return { status: "expired" };
    // Conditional claim: of two clicks racing, only one finds used_at still null.
    const claimed = await tx.emailVerification.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) return { status: "already_verified" };
    await tx.user.update({ where: { id: row.user.id }, data: { emailVerified: now } });
    const normalized = row.user.emailNormalized;
    const credits = normalized ? await grantWelcomeCredits(sqlFromPrisma(tx), row.user.id, normalized) : 0;
    return { status: "verified", credits };
  });
}
