// The key management API (SPEC §2 "Management"; like OpenRouter's provisioning keys), for keys
// with "Can manage keys" only: GET/POST /keys, GET/PATCH/DELETE /keys/{id}. Another account's
// id answers exactly like a missing one (404). Every change is audited and takes effect on
// every instance within a second (lib/api-keys/manage-keys.ts).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseKeySettings } from "@/lib/api-keys/key-settings";
import { toApiKeyObject } from "@/lib/api-keys/key-view";
import {
  createKey, getApiKey, listApiKeys, revokeApiKey, updateApiKey, type KeySummary,
} from "@/lib/api-keys/manage-keys";
import type { KeyActor } from "@/lib/api-keys/key-audit";
import { NO_SPEND, spendByKey, spendOfOneKey } from "@/lib/sql/api-keys";
import { authenticateManager } from "@/lib/gateway/authenticate";
import { readJson } from "@/lib/gateway/http/read-json";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { parseQuery } from "@/lib/usage/parse-query";

const listQuery = z.object({
  include_revoked: z.enum(["true", "false"]).transform((v) => v === "true").default(false),
});

async function manager(req: ApiRequest, res: ApiResponse): Promise<{ userId: string; actor: KeyActor }> {
  const key = await authenticateManager(req, res);
  return { userId: key.userId, actor: { kind: "api", keyId: key.keyId } };
}

async function withSpend(userId: string, k: KeySummary) {
  return toApiKeyObject(k, await spendOfOneKey(userId, k.id));
}

export async function listKeysRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const { userId } = await manager(req, res);
  const q = parseQuery(listQuery, req.query);
  const [keys, spend] = await Promise.all([listApiKeys(userId), spendByKey(userId)]);
  const data = keys.filter((k) => q.include_revoked || !k.revokedAt).map((k) => toApiKeyObject(k, spend.get(k.id) ?? NO_SPEND));
  sendJson(res, 200, { object: "list", data });
}

export async function createKeyRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  const { userId, actor } = await manager(req, res);
  const settings = parseKeySettings(await readJson(req), "create");
  if (settings.name === undefined) throw new AppError("invalid_request", "'name' is required.", "name");
  const { key, summary } = await createKey(userId, { ...settings, name: settings.name }, actor);
  // The full key, this once: it is stored only as a hash.
  sendJson(res, 201, { ...toApiKeyObject(summary, NO_SPEND), key });
}

export async function getKeyRoute(req: ApiRequest, res: ApiResponse, { id }: { id: string }): Promise<void> {
  const { userId } = await manager(req, res);
  sendJson(res, 200, await withSpend(userId, await getApiKey(userId, id)));
}

export async function updateKeyRoute(req: ApiRequest, res: ApiResponse, { id }: { id: string }): Promise<void> {
  const { userId, actor } = await manager(req, res);
  const changes = parseKeySettings(await readJson(req), "update");
  sendJson(res, 200, await withSpend(userId, await updateApiKey(userId, id, changes, actor)));
}

export async function revokeKeyRoute(req: ApiRequest, res: ApiResponse, { id }: { id: string }): Promise<void> {
  const { userId, actor } = await manager(req, res);
  sendJson(res, 200, await withSpend(userId, await revokeApiKey(userId, id, actor)));
}
