// Who may call what: model and account routes take any valid key except a management key;
// the /keys management API takes management keys ("Can manage keys") only.
import { AppError } from "@/lib/errors";
import { extractApiKey, verifyApiKey } from "@/lib/api-keys/verify-key";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { markKeyUsed } from "@/lib/api-keys/touch-key";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { applySimulateHeader } from "@/lib/gateway/test-mode";

async function verified(req: ApiRequest, res: ApiResponse): Promise<CachedKey> {
  const key = await verifyApiKey(extractApiKey(req.header("authorization"), req.header("x-api-key")));
  res.after(() => markKeyUsed(key.keyId));
  return key;
}

/**
 * Verifies the request's API key for model calls and account reads, and reads a test key's
 * x-switchyard-simulate script (lib/gateway/test-mode.ts); "last used" is recorded after the response.
 */
export async function authenticate(req: ApiRequest, res: ApiResponse): Promise<CachedKey> {
  const key = await verified(req, res);
  if (key.canManage) {
    throw new AppError("permission_denied",
      "This is a management key (\"Can manage keys\"): it can only call the /v1/keys management API. Use a regular key for model calls.");
  }
  applySimulateHeader(req, res, key);
  return key;
}

/** Verifies a management key for the /keys API; any other key gets 403. */
export async function authenticateManager(req: ApiRequest, res: ApiResponse): Promise<CachedKey> {
  const key = await verified(req, res);
  if (!key.canManage) {
    throw new AppError("permission_denied",
      "This key cannot manage keys. Create a key with \"Can manage keys\" on the dashboard's API keys page and use it for the /v1/keys API.");
  }
  return key;
}
