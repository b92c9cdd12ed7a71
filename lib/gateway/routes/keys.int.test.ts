// The key management API through both doors: only management keys get in (and they call
// nothing else), creation returns the full key once, every field is validated by name, spend is
// reported in exact credits, changes are audited and take effect at once, and another
// account's ids answer exactly like missing ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { unitsToCredits } from "@/lib/billing/money";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { anthropicFor, settledLog, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { callApi, createKeyWith, createManagementKey } from "@/lib/testing/key-fixtures";
import { upsertPolicy } from "@/lib/policies/store";

useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 }) });

type Err = { error: { message: string; code: string; param: string | null; type: string } };
const errOf = (json: Record<string, unknown>) => (json as unknown as Err).error;

async function auditOf(keyId: string): Promise<Array<{ actor: string; action: string; changes: Record<string, unknown> }>> {
  const { rows } = await pool().query<{ actor: string; action: string; changes: Record<string, unknown> }>(
    "SELECT actor, action, changes FROM key_audit WHERE key_id = $1 ORDER BY created_at, id", [keyId]);
  return rows;
}

describe.each(["node", "fetch"] as const)("key management API via the %s door", (door) => {
  let api: ApiServer;
  let user: Awaited<ReturnType<typeof createTestUser>>;
  let manager: { key: string; keyId: string };
  beforeAll(async () => {
    api = await startApiServer(door);
    user = await createTestUser();
    manager = await createManagementKey(user.userId);
  });
  afterAll(() => api.close());
  const call = (method: string, path: string, body?: unknown, key = manager.key) => callApi(api.baseUrl, key, method, path, body);

  it("refuses every other key with 403 on every route", async () => {
    for (const [method, path, body] of [["GET", "/keys"], ["POST", "/keys", { name: "x" }], ["GET", `/keys/${user.keyId}`],
      ["PATCH", `/keys/${user.keyId}`, { rpm: 1 }], ["DELETE", `/keys/${user.keyId}`]] as const) {
      const r = await call(method, path, body, user.key);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(errOf(r.json).message).toMatch(/cannot manage keys/);
    }
    expect((await call("GET", "/keys", undefined, "sk-sy-" + "x".repeat(43))).status).toBe(401);
  });

  it("a management key calls no model (both formats) and reads nothing else", async () => {
    const chat = await call("POST", "/chat/completions", { model: "sim/fast", messages: [{ role: "user", content: "hi" }] });
    expect(chat.status).toBe(403);
    expect(errOf(chat.json).message).toMatch(/management key .* only call the \/v1\/keys management API/);
    const msg = await anthropicFor(api, manager.key).messages.create({ model: "sim/fast", max_tokens: 5, messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e as { status: number; error: { type: string; error: { type: string } } });
    expect((msg as { status: number }).status).toBe(403);
    expect((msg as { error: { error: { type: string } } }).error.error.type).toBe("permission_error");
    expect((await call("GET", "/credits")).status).toBe(403);
  });

  it("creates a limited key: 201, the full key once, its settings echoed, audited as the API", async () => {
    const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
    // `policy` names one of the account's routing policies (lib/policies).
    await upsertPolicy(user.userId, { name: "nightly", goal: "cost", allowedModels: [], maxFallbacks: 1, maxCostPerRequest: null, maxLatencyMs: null });
    const r = await call("POST", "/keys", {
      name: "ci runner", rpm: 60, tpm: 20_000, concurrency: 2, budget: { daily: "12.5", monthly: "100", total: null },
      allowed_models: ["sim/gpt"], expires_at: expires, default_goal: "latency",
      policy: "nightly",
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const k = r.json as Record<string, unknown>;
    expect(k.key).toMatch(/^sk-sy-[0-9A-Za-z]{43}$/);
    expect(k).toMatchObject({
      object: "api_key", name: "ci runner", mode: "live", can_manage: false, status: "active", disabled: false, rpm: 60, tpm: 20_000,
      concurrency: 2, budget: { daily_credits: "12.5", monthly_credits: "100", total_credits: null }, allowed_models: ["sim/gpt"],
      expires_at: expires, default_goal: "latency", policy: "nightly",
      spend: { today_credits: "0", month_credits: "0", total_credits: "0" },
    });
    expect(k.display).toBe(`${String(k.key).slice(0, 10)}…${String(k.key).slice(-4)}`);
    // Listed, never with the key itself.
    const list = await call("GET", "/keys");
    const listed = (list.json.data as Array<Record<string, unknown>>).find((x) => x.id === k.id)!;
    expect(listed.key).toBeUndefined();
    expect(listed.name).toBe("ci runner");
    const audit = await auditOf(String(k.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `api:${manager.keyId}`, action: "created" });
    expect(audit[0]!.changes).toMatchObject({ name: [null, "ci runner"], rpm: [null, 60], "budget.daily": [null, "12.5"] });
    // The new key works, within its allow-list.
    const ok = await call("POST", "/chat/completions", { model: "sim/gpt", messages: [{ role: "user", content: "hi" }] }, String(k.key));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ratelimit-limit-requests")).toBe("60");
    const denied = await call("POST", "/chat/completions", { model: "sim/fast", messages: [{ role: "user", content: "hi" }] }, String(k.key));
    expect(denied.status).toBe(403);
  });

  it("answers 400 naming each bad field", async () => {
    for (const [body, param] of [
      [{ rpm: 1 }, "name"], [{ name: "x", rpm: -5 }, "rpm"], [{ name: "x", budget: { daily: "ten" } }, "budget.daily"],
      [{ name: "x", allowed_models: ["no/such-model"] }, "allowed_models[0]"], [{ name: "x", expires_at: "2001-01-01T00:00:00Z" }, "expires_at"],
      [{ name: "x", mode: "demo" }, "mode"], [{ name: "x", colour: "red" }, "colour"], [{ name: "x", policy: 5 }, "policy"],
    ] as const) {
      const r = await call("POST", "/keys", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(errOf(r.json).param).toBe(param);
      expect(errOf(r.json).message).toContain(param === "name" ? "name" : `'${param}'`);
    }
    expect((await call("PATCH", `/keys/${user.keyId}`, { tpm: 0 })).json).toMatchObject({ error: { param: "tpm" } });
  });

  it("GET one reports spend today / this month / total in exact credits", async () => {
    const { key, keyId } = await createKeyWith(user.userId, { name: "spender" });
    const res = await fetch(`${api.baseUrl}/v1/chat/completions`, {
      method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "sim/gpt", messages: [{ role: "user", content: "spend a little" }] }),
    });
    expect(res.status).toBe(200);
    const log = await settledLog(api, key, res.headers.get("x-request-id")!);
    const cost = BigInt(log.cost_units);
    expect(cost).toBeGreaterThan(0n);
    const r = await call("GET", `/keys/${keyId}`);
    expect(r.status).toBe(200);
    expect(r.json.spend).toEqual({
      today_credits: unitsToCredits(cost), today_units: String(cost), month_credits: unitsToCredits(cost), month_units: String(cost),
      total_credits: unitsToCredits(cost), total_units: String(cost),
    });
  });

  it("PATCH renames, re-limits and disables without revoking; each change is audited and takes effect at once", async () => {
    const { key, keyId } = await createKeyWith(user.userId, { name: "to change" });
    const hi = { model: "sim/fast", messages: [{ role: "user", content: "hi" }] };
    expect((await call("POST", "/chat/completions", hi, key)).status).toBe(200); // cached as valid
    const r = await call("PATCH", `/keys/${keyId}`, { name: "renamed", rpm: 1 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: "renamed", rpm: 1, status: "active" });
    expect((await call("POST", "/chat/completions", hi, key)).status).toBe(200);
    const limited = await call("POST", "/chat/completions", hi, key);
    expect(limited.status).toBe(429); // the new RPM applies without waiting for a cache TTL
    const off = await call("PATCH", `/keys/${keyId}`, { disabled: true, rpm: null });
    expect(off.json).toMatchObject({ disabled: true, status: "disabled", rpm: null });
    const refused = await call("POST", "/chat/completions", hi, key);
    expect(refused.status).toBe(403);
    expect(errOf(refused.json)).toMatchObject({ code: "key_disabled", message: "This API key is disabled." });
    expect((await call("PATCH", `/keys/${keyId}`, { disabled: false })).json).toMatchObject({ status: "active" });
    expect((await call("POST", "/chat/completions", hi, key)).status).toBe(200);
    // A PATCH that changes nothing writes nothing.
    await call("PATCH", `/keys/${keyId}`, { name: "renamed" });
    expect((await auditOf(keyId)).map((a) => [a.action, a.changes])).toEqual([
      ["created", { name: [null, "to change"], mode: [null, "live"] }],
      ["updated", { name: ["to change", "renamed"], rpm: [null, 1] }],
      ["disabled", { disabled: [false, true], rpm: [1, null] }],
      ["enabled", { disabled: [true, false] }],
    ]);
  });

  it("DELETE revokes: the row stays, the key gets 401, and revoking again changes nothing", async () => {
    const { key, keyId } = await createKeyWith(user.userId, { name: "short-lived" });
    const r = await call("DELETE", `/keys/${keyId}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: keyId, status: "revoked" });
    expect(r.json.revoked_at).toEqual(expect.any(String));
    expect((await call("GET", "/credits", undefined, key)).status).toBe(401);
    expect((await call("GET", `/keys/${keyId}`)).json).toMatchObject({ status: "revoked" });
    expect(((await call("GET", "/keys")).json.data as Array<{ id: string }>).some((x) => x.id === keyId)).toBe(false);
    expect(((await call("GET", "/keys?include_revoked=true")).json.data as Array<{ id: string }>).some((x) => x.id === keyId)).toBe(true);
    expect((await call("DELETE", `/keys/${keyId}`)).status).toBe(200);
    expect((await call("PATCH", `/keys/${keyId}`, { name: "zombie" })).status).toBe(400);
    expect((await auditOf(keyId)).map((a) => a.action)).toEqual(["created", "revoked"]);
  });

  it("another account's key id answers exactly like a missing one (404), and changes nothing", async () => {
    const other = await createTestUser();
    for (const id of [other.keyId, "key_missing", "key_%00"]) {
      for (const [method, body] of [["GET"], ["PATCH", { name: "stolen" }], ["DELETE"]] as const) {
        const r = await call(method, `/keys/${id}`, body);
        expect(r.status, `${method} ${id}`).toBe(404);
        expect(errOf(r.json).message).toBe("No such key.");
      }
    }
    const { rows } = await pool().query("SELECT name, revoked_at FROM api_keys WHERE id = $1", [other.keyId]);
    expect(rows[0]).toEqual({ name: "test key", revoked_at: null });
  });

  it("cannot mint or grant \"Can manage keys\", nor touch a management key", async () => {
    const mint = await call("POST", "/keys", { name: "escalate", can_manage: true });
    expect(mint.status).toBe(403);
    expect(errOf(mint.json).param).toBe("can_manage");
    expect((await call("PATCH", `/keys/${user.keyId}`, { can_manage: true })).status).toBe(403);
    const other = await createManagementKey(user.userId);
    expect((await call("PATCH", `/keys/${other.keyId}`, { name: "mine now" })).status).toBe(403);
    expect((await call("DELETE", `/keys/${other.keyId}`)).status).toBe(403);
    expect((await call("DELETE", `/keys/${manager.keyId}`)).status).toBe(403);
    expect((await call("GET", `/keys/${other.keyId}`)).json).toMatchObject({ can_manage: true }); // reading is fine
  });

  it("creates test keys (sk-sy-test-), whose mode can never change", async () => {
    const r = await call("POST", "/keys", { name: "sandbox", mode: "test" });
    expect(r.status).toBe(201);
    expect(r.json.key).toMatch(/^sk-sy-test-[0-9A-Za-z]{43}$/);
    expect(r.json.display).toMatch(/^sk-sy-test-[0-9A-Za-z]{4}…[0-9A-Za-z]{4}$/);
    const flip = await call("PATCH", `/keys/${String(r.json.id)}`, { mode: "live" });
    expect(flip.status).toBe(400);
    expect(errOf(flip.json).param).toBe("mode");
  });
});
