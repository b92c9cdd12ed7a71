// Abuse suite, accounts (issue 16 "Keep it fixed"): account B, signed in or with its own key,
// hands every id-taking entry point each of account A's ids (request logs, API keys, Checkout
// sessions, purchases, BYOK providers). The answer is exactly the one a missing id gets —
// 404 / not found, never 403 or A's data — and A's rows are unchanged afterwards.
// Server actions run as functions under a real next-auth session (lib/testing/session.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pool } from "@/lib/sql/pool";
import { purchaseBySession, purchaseGranted } from "@/lib/billing/stripe/billing-data";
import { buyCredits, startBillingHarness, type BillingHarness } from "@/lib/testing/stripe";
import { saveProviderKey } from "@/lib/byok/store";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { settledLog, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { signInAs } from "@/lib/testing/session";
import { rawRequest } from "@/lib/abuse/raw-http";
import { revokeKeyAction } from "@/app/dashboard/keys/actions";
import { deleteProviderKeyAction, verifyProviderKeyAction } from "@/app/dashboard/providers/actions";
import { purchaseStatusAction } from "@/app/dashboard/billing/actions";
import { deleteAccountAction, purgeLogsAction } from "@/app/dashboard/settings/actions";
import { GET as getLogRoute } from "@/app/api/dashboard/logs/[id]/route";
import { GET as listLogsRoute } from "@/app/api/dashboard/logs/route";
import { GET as exportRoute } from "@/app/api/dashboard/export/route";
import { GET as usageRoute } from "@/app/api/dashboard/usage/route";
import { GET as usageCsvRoute } from "@/app/api/dashboard/usage/export/route";

vi.mock("next-auth", async (original) => (await import("@/lib/testing/session")).withTestSession(await original()));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Account = Awaited<ReturnType<typeof createTestUser>>;
const SITE = "http://localhost:3000";
const BYOK_PROVIDER = "openai";

useGatewayEmulator();
let api: ApiServer;
let billing: BillingHarness;
let a: Account;
let b: Account;
/** Every id of A's, by kind. */
let ids: { requestId: string; keyId: string; sessionId: string; purchaseId: string };

async function chatRequest(key: string): Promise<string> {
  const res = await rawRequest(api.baseUrl, {
    method: "POST", path: "/v1/chat/completions", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sim/fast", messages: [{ role: "user", content: "A's private prompt" }], max_tokens: 5 }),
  });
  expect(res.status).toBe(200);
  const id = String(res.headers["x-request-id"]);
  await settledLog(api, key, id);
  return id;
}

/** A's rows, to compare before and after B's attempts. */
async function snapshotOfA(): Promise<unknown> {
  const q = async (sql: string) => (await pool().query(sql, [a.userId])).rows;
  return {
    user: await q("SELECT email, balance::text, zero_retention, deleted_at FROM users WHERE id = $1"),
    keys: await q("SELECT id, revoked_at, name FROM api_keys WHERE user_id = $1 ORDER BY id"),
    logs: await q("SELECT id FROM request_logs WHERE user_id = $1 ORDER BY id"),
    byok: await q("SELECT provider, ciphertext, verified_at, verify_error FROM provider_keys WHERE user_id = $1 ORDER BY provider"),
    purchases: await q("SELECT id, status FROM purchases WHERE user_id = $1 ORDER BY id"),
  };
}

beforeAll(async () => {
  billing = await startBillingHarness();
  api = await startApiServer("node");
  [a, b] = [await createTestUser(), await createTestUser()];
  const requestId = await chatRequest(a.key);
  await chatRequest(b.key);
  const checkout = await buyCredits(billing, { id: a.userId, email: a.email }, 1_000, "none");
  await saveProviderKey(a.userId, BYOK_PROVIDER, "sk-a-private-0123456789");
  ids = { requestId, keyId: a.keyId, sessionId: checkout.sessionId, purchaseId: checkout.purchaseId };
});
afterAll(async () => {
  await api.close();
  await billing.close();
});

const allIdsOfA = () => Object.entries(ids);
const missingId = "req_" + "0".repeat(32);

describe("another account's ids through the API (B's key)", () => {
  const get = (path: string, key: string) => rawRequest(api.baseUrl, { method: "GET", path, headers: { authorization: `Bearer ${key}` } });

  it("GET /v1/requests/{id}: A's key reads it, B gets the answer a missing id gets", async () => {
    expect((await get(`/v1/requests/${ids.requestId}`, a.key)).status).toBe(200);
    const missing = await get(`/v1/requests/${missingId}`, b.key);
    for (const [kind, id] of allIdsOfA()) {
      const res = await get(`/v1/requests/${encodeURIComponent(id)}`, b.key);
      expect(res.status, kind).toBe(404);
      expect(res.text.replaceAll(id, "ID"), kind).toBe(missing.text.replaceAll(missingId, "ID"));
    }
  });

  it("GET /v1/requests?after={A's id} answers like an unknown cursor; B's list never holds A's rows", async () => {
    const unknown = await get(`/v1/requests?after=${missingId}`, b.key);
    const res = await get(`/v1/requests?after=${ids.requestId}`, b.key);
    expect(res.status).toBe(unknown.status);
    expect(res.text).toBe(unknown.text);
    const list = await get("/v1/requests?limit=100", b.key);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(ids.requestId);
  });
});

describe("another account's ids through the dashboard (B signed in)", () => {
  let before: unknown;
  beforeAll(async () => {
    before = await snapshotOfA();
    await signInAs(a);
    expect((await getLogRoute(new Request(`${SITE}/api/dashboard/logs/x`), { params: Promise.resolve({ id: ids.requestId }) })).status).toBe(200);
    await signInAs(b);
  });

  it("GET /api/dashboard/logs/{id} answers 404 exactly like a missing id", async () => {
    const call = (id: string) => getLogRoute(new Request(`${SITE}/api/dashboard/logs/x`), { params: Promise.resolve({ id }) });
    const missing = await (await call(missingId)).text();
    for (const [kind, id] of allIdsOfA()) {
      const res = await call(id);
      expect(res.status, kind).toBe(404);
      expect(await res.text(), kind).toBe(missing);
    }
  });

  it("lists, usage, CSV and the data export filtered by A's ids hold nothing of A's", async () => {
    const urls = [
      `/api/dashboard/logs?q=${ids.requestId}`, `/api/dashboard/logs?key=${ids.keyId}`, `/api/dashboard/logs?limit=100`,
      `/api/dashboard/usage?key=${ids.keyId}&group=key`, `/api/dashboard/usage/export?key=${ids.keyId}`, "/api/dashboard/export",
    ];
    const handlers = [listLogsRoute, listLogsRoute, listLogsRoute, usageRoute, usageCsvRoute, exportRoute];
    for (const [i, url] of urls.entries()) {
      const res = await handlers[i]!(new Request(SITE + url));
      expect(res.status, url).toBe(200);
      const text = await res.text();
      for (const [kind, id] of allIdsOfA()) expect(text, `${url} leaks A's ${kind}`).not.toContain(id);
      expect(text, url).not.toContain(a.email);
    }
  });

  it("server actions given A's ids answer 'not found' and change nothing of A's", async () => {
    for (const [kind, id] of allIdsOfA()) {
      expect(await revokeKeyAction(id), kind).toEqual({ ok: false, message: "No such key." });
      expect(await purchaseStatusAction(id), kind).toEqual({ state: "unknown", message: null });
    }
    expect(await purchaseBySession(b.userId, ids.sessionId)).toBeNull();
    expect(await purchaseGranted(b.userId, ids.purchaseId)).toBe(false);
    // BYOK keys are addressed by provider within the session's account: B has none stored.
    expect(await deleteProviderKeyAction(BYOK_PROVIDER)).toEqual({ ok: false, message: "No key was stored for this provider." });
    expect(await verifyProviderKeyAction(BYOK_PROVIDER)).toEqual({ ok: false, message: "No key is stored for this provider." });
    // Account-wide actions act on B only: A's email does not delete A, purge leaves A's logs.
    expect((await deleteAccountAction(a.email)).ok).toBe(false);
    expect((await purgeLogsAction("purge")).ok).toBe(true);
    expect(await snapshotOfA()).toEqual(before);
    // And A's key still works.
    const res = await rawRequest(api.baseUrl, { method: "GET", path: "/v1/credits", headers: { authorization: `Bearer ${a.key}` } });
    expect(res.status).toBe(200);
  });

  it("server actions refuse hostile ids cleanly (NUL, huge, odd) without touching A", async () => {
    for (const id of ["\u0000", `${ids.keyId}\u0000`, "x".repeat(101), "", "%", "'; DROP TABLE api_keys; --"]) {
      expect(await revokeKeyAction(id)).toEqual({ ok: false, message: "No such key." });
      expect(await purchaseStatusAction(id)).toEqual({ state: "unknown", message: null });
      expect((await deleteProviderKeyAction(id)).ok).toBe(false);
    }
    expect(await snapshotOfA()).toEqual(before);
  });
});
