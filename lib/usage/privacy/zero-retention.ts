// Per-account zero retention: from now on no prompt/response bodies are stored. The gateway
// reads the flag with the (cached) key, so the account's cached keys are evicted at once.
import { db } from "@/lib/db";
import { evictKey } from "@/lib/api-keys/key-cache";

export async function setZeroRetention(userId: string, on: boolean): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { zeroRetention: on } });
  const keys = await db().apiKey.findMany({ where: { userId }, select: { hash: true } });
  for (const k of keys) evictKey(k.hash);
}

export async function getZeroRetention(userId: string): Promise<boolean> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { zeroRetention: true } });
  return user.zeroRetention;
}
