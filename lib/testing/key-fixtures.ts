// Integration-test keys with settings: limited keys, test-mode keys, management keys.
import { createKey, dashboardActor } from "@/lib/api-keys/manage-keys";
import type { KeyChanges } from "@/lib/api-keys/key-settings";

/** A key of `userId`'s with these settings (made as if on the dashboard). */
export async function createKeyWith(userId: string, settings: KeyChanges = {}): Promise<{ key: string; keyId: string }> {
  const { key, summary } = await createKey(userId, { name: "fixture key", ...settings }, dashboardActor(userId));
  return { key, keyId: summary.id };
}

/** A key with "Can manage keys". */
export function createManagementKey(userId: string): Promise<{ key: string; keyId: string }> {
  return createKeyWith(userId, { name: "manager", canManage: true });
}

/** JSON request helper for the management API. */
export async function callApi(baseUrl: string, key: string, method: string, path: string, body?: unknown):
  Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
