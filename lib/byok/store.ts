// Storing, listing and removing a user's provider keys. The plaintext key exists only in
// memory: it is encrypted before the INSERT and shown back only as a masked suffix.
import { z } from "zod";
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import { hasNul } from "@/lib/pg-text";
import { logger } from "@/lib/observability/logger";
import { aadFor, decryptSecret, encryptSecret, maskedSuffix } from "@/lib/byok/crypto";
import { byokCacheEpoch, evictByokKeys, readByokCache, writeByokCache, type ByokKeys } from "@/lib/byok/key-cache";
import { changeAndPublish } from "@/lib/invalidation/publish";
import { byokProvider } from "@/lib/byok/providers";

export type ProviderKeyView = {
  provider: string; suffix: string; createdAt: Date; verifiedAt: Date | null; verifyError: string | null;
};

const keySchema = z.string().trim()
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
  const { rows } = await changeAndPublish((client) => client.query<{ created_at: Date }>(
    `INSERT INTO provider_keys (id, user_id, provider, ciphertext, suffix) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id, provider) DO UPDATE SET ciphertext = $4, suffix = $5, created_at = now(), verified_at = NULL, verify_error = NULL
     RETURNING created_at`,
    [createId("pk"), userId, info.id, ciphertext, maskedSuffix(key)]), () => [{ kind: "byok", userId }]);
  evictByokKeys(userId);
  logger().info({ userId, provider: info.id }, "byok key saved");
  return { provider: info.id, suffix: maskedSuffix(key), createdAt: rows[0]!.created_at, verifiedAt: null, verifyError: null };
}

export async function deleteProviderKey(userId: string, provider: string): Promise<boolean> {
  if (hasNul(provider)) return false; // no such row can exist; Postgres would refuse the parameter
  const { rowCount } = await changeAndPublish(
    (client) => client.query("DELETE FROM provider_keys WHERE user_id = $1 AND provider = $2", [userId, provider]),
    (deleted) => ((deleted.rowCount ?? 0) > 0 ? [{ kind: "byok", userId }] : []));
  evictByokKeys(userId);
  return (rowCount ?? 0) > 0;
}

export async function listProviderKeys(userId: string): Promise<ProviderKeyView[]> {
  const { rows } = await pool().query<{ provider: string; suffix: string; created_at: Date; verified_at: Date | null; verify_error: string | null }>(
    "SELECT provider, suffix, created_at, verified_at, verify_error FROM provider_keys WHERE user_id = $1 ORDER BY provider", [userId]);
  return rows.map((r) => ({ provider: r.provider, suffix: r.suffix, createdAt: r.created_at, verifiedAt: r.verified_at, verifyError: r.verify_error }));
}

/** One decrypted key, for the verify button. */
export async function readProviderKey(userId: string, provider: string): Promise<string | null> {
  const { rows } = await pool().query<{ ciphertext: string }>("SELECT ciphertext FROM provider_keys WHERE user_id = $1 AND provider = $2", [userId, provider]);
  return rows[0] ? decryptSecret(rows[0].ciphertext, aadFor(userId, provider)) : null;
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
  const { rows } = await pool().query<{ provider: string; ciphertext: string }>({
    name: "byok_keys_for_user", text: "SELECT provider, ciphertext FROM provider_keys WHERE user_id = $1", values: [userId],
  });
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
  await pool().query(
    `UPDATE provider_keys SET verified_at = CASE WHEN $3::text IS NULL THEN now() ELSE NULL END, verify_error = $3 WHERE user_id = $1 AND provider = $2`,
    [userId, provider, error]);
}
