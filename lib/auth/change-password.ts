// Changing the password of a signed-in account. The new hash and the session-version bump
// are one UPDATE, so no session minted with the old password outlives the change (the
// browser that made the change signs in again, like every other device).
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { passwordSchema } from "@/lib/auth/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { prismaNotify } from "@/lib/invalidation/publish";

export async function changePassword(userId: string, currentPassword: unknown, newPassword: unknown): Promise<void> {
  if (typeof currentPassword !== "string" || !currentPassword) {
    throw new AppError("invalid_request", "Enter your current password.", "current_password");
  }
  const parsed = passwordSchema.safeParse(newPassword);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues[0]!.message, "new_password");
  const user = await db().user.findFirst({ where: { id: userId, deletedAt: null }, select: { passwordHash: true } });
  if (!user) throw new AppError("not_found", "This account no longer exists.");
  if (!user.passwordHash) {
    throw new AppError("invalid_request", "This account signs in with GitHub or Google and has no password to change.");
  }
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new AppError("invalid_request", "Your current password is not correct.", "current_password");
  }
  const passwordHash = await hashPassword(parsed.data);
  // Conditional on the hash we checked: two racing changes cannot both win. The ended
  // sessions are announced to every process with the commit (lib/invalidation).
  const count = await db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, deletedAt: null, passwordHash: user.passwordHash },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    if (count === 1) await prismaNotify(tx, { kind: "session", userId });
    return count;
  });
  if (count !== 1) throw new AppError("conflict", "Your password was changed meanwhile. Sign in again.");
}

/** Whether the account has a password at all (OAuth-only accounts have none). */
export async function hasPassword(userId: string): Promise<boolean> {
  const user = await db().user.findFirst({ where: { id: userId, deletedAt: null }, select: { passwordHash: true } });
  return Boolean(user?.passwordHash);
}
