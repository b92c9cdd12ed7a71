// Account deletion: keys revoked (and evicted from the cache), logs, usage, sessions and
// sign-in links removed; the user row stays as an anonymised tombstone because the credit
// ledger must be kept for accounting and references it.
import { db } from "@/lib/db";
import { evictKeys } from "@/lib/api-keys/key-cache";
import { AppError } from "@/lib/errors";
import { apiKeysChanged } from "@/lib/invalidation/messages";
import { prismaNotify } from "@/lib/invalidation/publish";

export async function deleteAccount(userId: string, confirmEmail: string): Promise<void> {
  const user = await db().user.findFirst({ where: { id: userId, deletedAt: null }, select: { email: true } });
  if (!user) throw new AppError("not_found", "This account no longer exists.");
  if (confirmEmail.trim().toLowerCase() !== user.email.toLowerCase()) {
    throw new AppError("invalid_request", "Type your account's email address exactly to confirm.", "email");
  }
  const keys = await db().apiKey.findMany({ where: { userId }, select: { hash: true } });
  await db().$transaction([
    db().apiKey.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } }),
    db().requestLog.deleteMany({ where: { userId } }),
    db().usageRollup.deleteMany({ where: { userId } }),
    db().latencyRollup.deleteMany({ where: { userId } }),
    db().usageRollupDaily.deleteMany({ where: { userId } }),
    db().latencyRollupDaily.deleteMany({ where: { userId } }),
    db().usageClassRollupDaily.deleteMany({ where: { userId } }),
    db().playgroundRun.deleteMany({ where: { userId } }), // prompts: the tombstone keeps none
    db().replayRun.deleteMany({ where: { userId } }), // and its items (cascade): prompts and answers
    db().session.deleteMany({ where: { userId } }),
    db().account.deleteMany({ where: { userId } }),
    db().apiKey.deleteMany({ where: { userId } }),
    db().routingPolicy.deleteMany({ where: { userId } }), // after the keys that may name them
    db().user.update({
      where: { id: userId },
      data: {
        email: `deleted-${userId}@deleted.invalid`, name: null, image: null, passwordHash: null, emailVerified: null,
        // Frees the mailbox for a new sign-up; its welcome grant stays keyed to it (lib/auth/welcome-grant.ts).
        emailNormalized: null,
        zeroRetention: true, deletedAt: new Date(),
        sessionVersion: { increment: 1 }, // every signed-in browser is signed out at once
      },
    }),
    // Other processes drop the keys and hear of the ended sessions when this commits.
    ...apiKeysChanged(keys.map((k) => k.hash)).map((m) => prismaNotify(db(), m)),
    prismaNotify(db(), { kind: "session", userId }),
  ]);
  evictKeys(keys.map((k) => k.hash));
}
