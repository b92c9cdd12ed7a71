// provider_keys: an account's encrypted provider (BYOK) keys (lib/byok/store.ts encrypts and
// decrypts; only ciphertexts and masked suffixes pass through here). Changes run inside the
// transaction that publishes their invalidation (`via`).
import type { Sql } from "@/lib/sql/executor";
import { definedCommand, definedQuery } from "@/lib/sql/query";
import { date, dateOrNull, str, strOrNull } from "@/lib/sql/rows";

const upsert = definedQuery<[id: string, userId: string, provider: string, ciphertext: string, suffix: string], Date>({
  name: "provider_key_save",
  text: `INSERT INTO provider_keys (id, user_id, provider, ciphertext, suffix) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (user_id, provider) DO UPDATE SET ciphertext = $4, suffix = $5, created_at = now(), verified_at = NULL, verify_error = NULL
    RETURNING created_at`,
  parse: (r) => date(r, "created_at"),
});

/** Stores (or replaces) the account's key for `provider`; returns when it was saved. */
export async function upsertProviderKey(
  k: { id: string; userId: string; provider: string; ciphertext: string; suffix: string }, via?: Sql,
): Promise<Date> {
  const saved = await upsert.first([k.id, k.userId, k.provider, k.ciphertext, k.suffix], via);
  if (!saved) throw new Error("provider_key_save returned no row");
  return saved;
}

const remove = definedCommand<[userId: string, provider: string]>({
  name: "provider_key_delete", text: "DELETE FROM provider_keys WHERE user_id = $1 AND provider = $2",
});

/** Deletes the account's key for `provider`; true when there was one. */
export async function deleteProviderKeyRow(userId: string, provider: string, via?: Sql): Promise<boolean> {
  return (await remove.run([userId, provider], via)) > 0;
}

export type ProviderKeyRow = { provider: string; suffix: string; createdAt: Date; verifiedAt: Date | null; verifyError: string | null };

const list = definedQuery<[userId: string], ProviderKeyRow>({
  name: "provider_key_list",
  text: "SELECT provider, suffix, created_at, verified_at, verify_error FROM provider_keys WHERE user_id = $1 ORDER BY provider",
  parse: (r) => ({
    provider: str(r, "provider"), suffix: str(r, "suffix"), createdAt: date(r, "created_at"),
    verifiedAt: dateOrNull(r, "verified_at"), verifyError: strOrNull(r, "verify_error"),
  }),
});

export function providerKeyRows(userId: string): Promise<ProviderKeyRow[]> {
  return list.all([userId]);
}

const one = definedQuery<[userId: string, provider: string], string>({
  name: "provider_key_ciphertext",
  text: "SELECT ciphertext FROM provider_keys WHERE user_id = $1 AND provider = $2",
  parse: (r) => str(r, "ciphertext"),
});

export function providerKeyCiphertext(userId: string, provider: string): Promise<string | null> {
  return one.first([userId, provider]);
}

// The gateway's lookup on a cache miss (lib/byok/store.ts byokKeysFor).
const all = definedQuery<[userId: string], { provider: string; ciphertext: string }>({
  name: "byok_keys_for_user",
  text: "SELECT provider, ciphertext FROM provider_keys WHERE user_id = $1",
  parse: (r) => ({ provider: str(r, "provider"), ciphertext: str(r, "ciphertext") }),
});

export function providerKeyCiphertexts(userId: string): Promise<{ provider: string; ciphertext: string }[]> {
  return all.all([userId]);
}

const verified = definedCommand<[userId: string, provider: string, error: string | null]>({
  name: "provider_key_verified",
  text: `UPDATE provider_keys SET verified_at = CASE WHEN $3::text IS NULL THEN now() ELSE NULL END, verify_error = $3
    WHERE user_id = $1 AND provider = $2`,
});

/** Records a verification: null error = verified now. */
export async function recordProviderKeyVerification(userId: string, provider: string, error: string | null): Promise<void> {
  await verified.run([userId, provider, error]);
}
