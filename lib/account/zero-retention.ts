// Per-account zero retention: from now on no prompt/response bodies are stored. The gateway
// reads the flag with the (cached) key, so the account's cached keys are evicted: in every
// other process when the change commits (lib/invalidation), in this one right after.
import { db } from "@/lib/db";
import { evictKeys } from "@/lib/api-keys/key-cache";
import { apiKeysChanged } from "@/lib/invalidation/messages";
import { prismaNotify } from "@/lib/invalidation/publish";

export async function setZeroRetention(userId: string, on: boolean): Promise<void> {
  const hashes = await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { zeroRetention: on } });
    // A revoked key is refused whatever it carries: only live keys need to be re-read.
    const keys = await tx.apiKey.findMany({ where: { userId, revokedAt: null }, select: { hash: true } });
    const hashes = keys.map((k) => k.hash);
    for (const message of apiKeysChanged(hashes)) await prismaNotify(tx, message);
    return hashes;
  });
  evictKeys(hashes);
}

export async function getZeroRetention(userId: string): Promise<boolean> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { zeroRetention: true } });
  return user.zeroRetention;
}
