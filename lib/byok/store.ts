// Storing, listing and removing a user's provider keys. The plaintext key exists only in
// memory: it is encrypted before the INSERT and shown back only as a masked suffix.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import { hasNul } from "@/lib/pg-text";
import { logger } from "@/lib/observability/logger";
import { aadFor, decryptSecret, encryptSecret, maskedSuffix } from "@/lib/byok/crypto";
import { byokCacheEpoch, evictByokKeys, readByokCache, writeByokCache, type ByokKeys } from "@/lib/byok/key-cache";
import { changeAndPublish } from "@/lib/invalidation/publish";
import { byokProvider } from "@/lib/byok/providers";
import {
  deleteProviderKeyRow, providerKeyCiphertext, providerKeyCiphertexts, providerKeyRows, recordProviderKeyVerification, upsertProviderKey,
} from "@/lib/sql/provider-keys";

export type ProviderKeyView = {
  provider: string; suffix: string; createdAt: Date; verifiedAt: Date | null; verifyError: string | null;
};

export const keySchema = z.string().trim()
  .min(8, "That key looks too short.")
  .max(500, "That key is too long.")
  .regex(/^[\x21-\x7e]+$/, "Keys contain no spaces or special characters; paste the key exactly as your provider shows it.");

export async function saveProviderKey(userId: string, provider: string, rawKey: unknown): Promise<ProviderKeyView> {
  const info = byokProvider(provider);
  if (!info) throw new AppError("invalid_request", `Unknown provider '${String(provider).slice(0, 40)}'.`, "provider");
  const parsed = keySchema.safeParse(rawKey);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues[0]?.message ?? "Invalid key.", "key");
  const key = parsed.data;
  const ciphertext = encryptSecret(key, aadFor(userId, info.id));
  // Other processes drop the account's cached keys when this commits; this one right after.
  const createdAt = await changeAndPublish(
    (sql) => upsertProviderKey({ id: createId("pk"), userId, provider: info.id, ciphertext, suffix: maskedSuffix(key) }, sql),
    () => [{ kind: "byok", userId }]);
  evictByokKeys(userId);
  logger().info({ userId, provider: info.id }, "byok key saved");
  return { provider: info.id, suffix: maskedSuffix(key), createdAt, verifiedAt: null, verifyError: null };
}

export async function deleteProviderKey(userId: string, provider: string): Promise<boolean> {
  if (hasNul(provider)) return false; // no such row can exist; Postgres would refuse the parameter
  const deleted = await changeAndPublish(
    (sql) => deleteProviderKeyRow(userId, provider, sql),
    (gone) => (gone ? [{ kind: "byok", userId }] : []));
  evictByokKeys(userId);
  return deleted;
}

export async function listProviderKeys(userId: string): Promise<ProviderKeyView[]> {
  return providerKeyRows(userId);
}

/** One decrypted key, for the verify button. */
export async function readProviderKey(userId: string, provider: string): Promise<string | null> {
  const ciphertext = await providerKeyCiphertext(userId, provider);
  return ciphertext === null ? null : decryptSecret(ciphertext, aadFor(userId, provider));
}

/**
 * The gateway's lookup: the account's keys by provider, or null when it has none (the common
 * case, answered from the cache). A key that no longer decrypts (rotated encryption key) is
 * skipped and logged, so requests fall back to the platform's keys rather than fail.
 */
export async function byokKeysFor(userId: string): Promise<ByokKeys | null> {
  const now = Date.now();
  const cached = readByokCache(userId, now);
  if (cached !== undefined) return cached;
  const epoch = byokCacheEpoch();
  const rows = await providerKeyCiphertexts(userId);
  let keys: Map<string, string> | null = null;
  for (const r of rows) {
    try {
      (keys ??= new Map()).set(r.provider, decryptSecret(r.ciphertext, aadFor(userId, r.provider)));
    } catch {
      logger().error({ userId, provider: r.provider }, "byok key does not decrypt (was BYOK_ENCRYPTION_KEY changed?)");
    }
  }
  writeByokCache(userId, keys, now, epoch);
  return keys;
}

export async function recordVerification(userId: string, provider: string, error: string | null): Promise<void> {
  await recordProviderKeyVerification(userId, provider, error);
}
