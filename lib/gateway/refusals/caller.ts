// Whose call was refused: the key the request carried, looked up again after the response
// (the key cache answers, as it just did for the request; the database only if the entry
// expired meanwhile). Done here, on the refusal path, rather than by remembering the key on
// every request. A disabled key is its account's call too (403, logged); a missing, unknown,
// revoked or expired key (401) belongs to no account and is not logged.
import { hashApiKey } from "@/lib/api-keys/generate-key";
import { readKeyCache, type CachedKey } from "@/lib/api-keys/key-cache";
import { extractApiKey, verifyApiKey } from "@/lib/api-keys/verify-key";
import { isAppError } from "@/lib/errors";
import type { ApiRequest } from "@/lib/gateway/http/types";

export async function callerOf(req: ApiRequest): Promise<CachedKey | null> {
  const raw = extractApiKey(req.header("authorization"), req.header("x-api-key"));
  try {
    return await verifyApiKey(raw);
  } catch (err) {
    // verifyApiKey cached the row before refusing it as disabled.
    if (raw && isAppError(err) && err.code === "key_disabled") return readKeyCache(hashApiKey(raw), Date.now()) ?? null;
    return null;
  }
}
