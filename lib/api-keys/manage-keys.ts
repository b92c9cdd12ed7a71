// Dashboard-side key management. Every query is scoped to the signed-in owner.
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { displayKey, generateApiKey } from "@/lib/api-keys/generate-key";
import { evictKeys } from "@/lib/api-keys/key-cache";
import { createId } from "@/lib/ids";
import { apiKeysChanged } from "@/lib/invalidation/messages";
import { prismaNotify } from "@/lib/invalidation/publish";
import { hasNul } from "@/lib/pg-text";

export const keyNameSchema = z
  .string()
  .trim()
  .min(1, "Give the key a name.")
  .max(64, "Key names are at most 64 characters.")
  // Control characters (NUL is refused by Postgres) have no place in a label.
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), "Key names cannot contain control characters.");

const MAX_ACTIVE_KEYS = 100;

export type KeySummary = {
  id: string; name: string; display: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null;
};

export async function createApiKey(userId: string, name: string): Promise<{ key: string; summary: KeySummary }> {
  const parsed = keyNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues[0]!.message, "name");
  const active = await db().apiKey.count({ where: { userId, revokedAt: null } });
  if (active >= MAX_ACTIVE_KEYS) {
    throw new AppError("invalid_request", `You can have at most ${MAX_ACTIVE_KEYS} active keys. Revoke one first.`);
  }
  const k = generateApiKey();
  const row = await db().apiKey.create({
    data: { id: createId("key"), userId, name: parsed.data, hash: k.hash, prefix: k.prefix, suffix: k.suffix },
  });
  return { key: k.key, summary: toSummary(row) };
}

export async function listApiKeys(userId: string): Promise<KeySummary[]> {
  const rows = await db().apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toSummary);
}

export async function revokeApiKey(userId: string, keyId: string): Promise<void> {
  const key = hasNul(keyId) ? null : await db().apiKey.findFirst({ where: { id: keyId, userId } });
  if (!key) throw new AppError("not_found", "No such key.");
  if (!key.revokedAt) {
    // Other processes evict the key when this commits (lib/invalidation), this one right after.
    await db().$transaction([
      db().apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } }),
      ...apiKeysChanged([key.hash]).map((m) => prismaNotify(db(), m)),
    ]);
  }
  evictKeys([key.hash]);
}

function toSummary(r: {
  id: string; name: string; prefix: string; suffix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null;
}): KeySummary {
  return {
    id: r.id, name: r.name, display: displayKey(r.prefix, r.suffix),
    createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt,
  };
}
