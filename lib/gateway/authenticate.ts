import { extractApiKey, verifyApiKey } from "@/lib/api-keys/verify-key";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { markKeyUsed } from "@/lib/api-keys/touch-key";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";

/** Verifies the request's API key; "last used" is recorded after the response. */
export async function authenticate(req: ApiRequest, res: ApiResponse): Promise<CachedKey> {
  const key = await verifyApiKey(extractApiKey(req.header("authorization"), req.header("x-api-key")));
  res.after(() => markKeyUsed(key.keyId));
  return key;
}
