// Authenticates an API request: raw key → SHA-256 → cache → one prepared statement.
import { AppError } from "@/lib/errors";
import { pool } from "@/lib/db";
import { hashApiKey, looksLikeApiKey } from "@/lib/api-keys/generate-key";
import { keyCacheEpoch, readKeyCache, writeKeyCache, type CachedKey } from "@/lib/api-keys/key-cache";

const LOOKUP = `SELECT k.id, k.user_id, k.revoked_at, k.expires_at, k.rpm_limit, k.tpm_limit, k.allowed_models,
  u.zero_retention
FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.hash = $1`;

type Row = {
  id: string; user_id: string; revoked_at: Date | null; expires_at: Date | null;
  rpm_limit: number | null; tpm_limit: number | null; allowed_models: string[]; zero_retention: boolean;
};

async function lookup(hash: string): Promise<CachedKey | null> {
  const { rows } = await pool().query<Row>({ name: "api_key_lookup", text: LOOKUP, values: [hash] });
  const r = rows[0];
  if (!r) return null;
  return {
    keyId: r.id, userId: r.user_id, revoked: r.revoked_at !== null,
    expiresAt: r.expires_at ? r.expires_at.getTime() : null,
    rpmLimit: r.rpm_limit, tpmLimit: r.tpm_limit, allowedModels: r.allowed_models,
    zeroRetention: r.zero_retention,
  };
}

/** Pulls the key from `Authorization: Bearer` or (Anthropic clients) `x-api-key`. */
export function extractApiKey(authorization: string | undefined, xApiKey: string | undefined): string | null {
  if (authorization) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m) return m[1]!;
  }
  return xApiKey?.trim() || null;
}

export async function verifyApiKey(raw: string | null): Promise<CachedKey> {
  if (!raw) {
    throw new AppError("invalid_api_key",
      "Missing API key. Send it as 'Authorization: Bearer <your key>' (or in the 'x-api-key' header).");
  }
  if (!looksLikeApiKey(raw)) throw new AppError("invalid_api_key", "Invalid API key.");
  const hash = hashApiKey(raw);
  const now = Date.now();
  let found = readKeyCache(hash, now);
  if (found === undefined) {
    const epoch = keyCacheEpoch();
    found = await lookup(hash);
    writeKeyCache(hash, found, now, epoch);
  }
  if (!found) throw new AppError("invalid_api_key", "Invalid API key.");
  if (found.revoked) throw new AppError("invalid_api_key", "This API key has been revoked.");
  if (found.expiresAt !== null && found.expiresAt <= now) {
    throw new AppError("invalid_api_key", "This API key has expired.");
  }
  return found;
}
