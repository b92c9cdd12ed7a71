// Privacy controls on the real database and the real gateway: zero retention takes effect on
// the next request, purge removes logs and rollups, export holds the account's data and no
// secrets, and deletion revokes keys, removes data and keeps the ledger under a tombstone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { openaiFor, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { deleteAccount } from "@/lib/account/delete-account";
import { exportUserData } from "@/lib/account/export-data";
import { upsertPolicy } from "@/lib/policies/store";
import { purgeLogs } from "@/lib/account/purge-logs";
import { setZeroRetention } from "@/lib/account/zero-retention";

useGatewayEmulator(); // database guard, emulator, breakers reset before each test
let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
});
afterAll(() => api.close());

async function call(key: string): Promise<string> {
  const r = await openaiFor(api, key).chat.completions.create({ model: "sim/gpt", messages: [{ role: "user", content: "secret prompt" }] }).withResponse();
  await new Promise((res) => setTimeout(res, 50));
  await flushCharges();
  return r.response.headers.get("x-request-id")!;
}

const bodies = async (id: string) =>
  (await pool().query<{ request_body: unknown; response_body: unknown }>("SELECT request_body, response_body FROM request_logs WHERE id = $1", [id])).rows[0];

describe("privacy", () => {
  it("zero retention stops storing bodies from the next request on (cached key evicted)", async () => {
    const u = await createTestUser();
    const before = await call(u.key);
    expect((await bodies(before))?.request_body).toMatchObject({ model: "sim/gpt" });
    await setZeroRetention(u.userId, true);
    const after = await call(u.key);
    expect(await bodies(after)).toEqual({ request_body: null, response_body: null });
  });

  it("purge deletes the account's logs and rollups only", async () => {
    const [u, other] = await Promise.all([createTestUser(), createTestUser()]);
    await call(u.key);
    await call(other.key);
    expect((await purgeLogs(u.userId)).deleted).toBe(1);
    const count = async (table: string, userId: string) =>
      (await pool().query<{ n: number }>(`SELECT count(*)::int n FROM ${table} WHERE user_id = $1`, [userId])).rows[0]!.n;
    for (const t of ["request_logs", "usage_rollups", "latency_rollups", "usage_rollups_daily", "latency_rollups_daily"]) expect(await count(t, u.userId)).toBe(0);
    expect(await count("request_logs", other.userId)).toBe(1);
  });

  it("export is valid JSON with the profile, keys, ledger, policies and logs — and no key hash", async () => {
    const u = await createTestUser();
    const id = await call(u.key);
    await upsertPolicy(u.userId, { name: "cheap", goal: "cost", allowedModels: ["sim/fast"], maxFallbacks: 0, maxCostPerRequest: null, maxLatencyMs: null });
    const text = await new Response(exportUserData(u.userId)).text();
    const data = JSON.parse(text) as {
      user: { email: string }; api_keys: object[]; ledger: object[]; routing_policies: Array<{ name: string; model: string }>;
      request_logs: Array<{ id: string }>;
    };
    expect(data.routing_policies.map((p) => [p.name, p.model])).toEqual([["cheap", "policy/cheap"]]);
    expect(data.user.email).toBe(u.email);
    expect(data.api_keys).toHaveLength(1);
    expect(data.ledger.length).toBeGreaterThan(0);
    expect(data.request_logs.map((r) => r.id)).toEqual([id]);
    const hash = (await db().apiKey.findUniqueOrThrow({ where: { id: u.keyId } })).hash;
    expect(text).not.toContain(hash);
    expect(text).not.toContain(u.key);
  });

  it("delete account: key refused at once, data gone, ledger kept under an anonymised user", async () => {
    const u = await createTestUser();
    await call(u.key);
    await expect(deleteAccount(u.userId, "wrong@example.test")).rejects.toThrow(/email/);
    await deleteAccount(u.userId, u.email.toUpperCase());
    const res = await fetch(`${api.baseUrl}/v1/credits`, { headers: { authorization: `Bearer ${u.key}` } });
    expect(res.status).toBe(401);
    const user = await db().user.findUniqueOrThrow({ where: { id: u.userId } });
    expect(user.email).toBe(`deleted-${u.userId}@deleted.invalid`);
    expect(user.passwordHash).toBeNull();
    expect(user.deletedAt).not.toBeNull();
    expect(await db().requestLog.count({ where: { userId: u.userId } })).toBe(0);
    expect(await db().apiKey.count({ where: { userId: u.userId } })).toBe(0);
    expect(await db().ledgerEntry.count({ where: { userId: u.userId } })).toBeGreaterThan(0);
  });
});
