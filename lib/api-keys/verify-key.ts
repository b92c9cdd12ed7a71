// Authenticates an API request: raw key → SHA-256 → cache → one prepared statement
// (lib/sql/api-keys.ts). What the key may then do (models or management) is authenticate.ts's.
import { AppError } from "@/lib/errors";
import { findKeyByHash } from "@/lib/sql/api-keys";
import { hashApiKey, looksLikeApiKey } from "@/lib/api-keys/generate-key";
import { keyCacheEpoch, readKeyCache, writeKeyCache, type CachedKey } from "@/lib/api-keys/key-cache";

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
  if (found === undefined) found = await loadKey(hash, now);
  if (!found) throw new AppError("invalid_api_key", "Invalid API key.");
  if (found.revoked) throw new AppError("invalid_api_key", "This API key has been revoked.");
  if (found.expiresAt !== null && found.expiresAt <= now) {
    throw new AppError("invalid_api_key", "This API key has expired.");
  }
  if (found.disabled) throw new AppError("key_disabled", "This API key is disabled.");
  return found;
}

/** A key-cache miss: one lookup, cached unless an invalidation raced it (the epoch). */
async function loadKey(hash: string, now: number): Promise<CachedKey | null> {
  const epoch = keyCacheEpoch();
  const found = await findKeyByHash(hash);
  writeKeyCache(hash, found, now, epoch);
  return found;
}

/** The key with this hash through the same cache as API requests (playground, replay worker). */
export async function keyByHash(hash: string, now = Date.now()): Promise<CachedKey | null> {
  const cached = readKeyCache(hash, now);
  return cached !== undefined ? cached : loadKey(hash, now);
}
