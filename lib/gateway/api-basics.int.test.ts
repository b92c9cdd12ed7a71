// The first API surface, through both doors: auth errors, credits, routing errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { revokeApiKey } from "@/lib/api-keys/manage-keys";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";

type ErrorBody = { error: { message: string; type: string; code: string; param: string | null } };

describe.each(["node", "fetch"] as const)("API basics via the %s door", (door) => {
  let api: ApiServer;
  let user: Awaited<ReturnType<typeof createTestUser>>;
  beforeAll(async () => {
    assertTestDatabase();
    api = await startApiServer(door);
    user = await createTestUser();
  });
  afterAll(async () => {
    await api.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(api.baseUrl + path, { headers });

  it("returns the balance for a valid key on /api/v1/credits and its /v1 alias", async () => {
    for (const path of ["/api/v1/credits", "/v1/credits"]) {
      const res = await get(path, { authorization: `Bearer ${user.key}` });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
      const body = (await res.json()) as { balance_credits: string; balance_units: string };
      expect(body.balance_credits).toBe("500");
      expect(body.balance_units).toBe("5000000000000");
    }
  });

  it("accepts the key in x-api-key (Anthropic clients)", async () => {
    const res = await get("/v1/credits", { "x-api-key": user.key });
    expect(res.status).toBe(200);
  });

  it.each([
    ["missing", {}],
    ["malformed", { authorization: "Bearer nope" }],
    ["unknown", { authorization: "Bearer sk-sy-" + "A".repeat(43) }],
    ["wrong scheme", { authorization: "Basic abc" }],
  ])("answers 401 OpenAI-shaped for a %s key", async (_name, headers) => {
    const res = await get("/v1/credits", headers as Record<string, string>);
    expect(res.status).toBe(401);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.type).toBe("authentication_error");
    expect(body.error.code).toBe("invalid_api_key");
    expect(body.error.message).not.toContain("sk-sy-");
  });

  it("refuses a revoked key at once (401)", async () => {
    const other = await createTestUser();
    expect((await get("/v1/credits", { authorization: `Bearer ${other.key}` })).status).toBe(200);
    await revokeApiKey(other.userId, other.keyId);
    const res = await get("/v1/credits", { authorization: `Bearer ${other.key}` });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/revoked/);
  });

  it("answers 404 for unknown routes and 405 (with Allow) for wrong methods", async () => {
    const r404 = await get("/v1/nope");
    expect(r404.status).toBe(404);
    expect(((await r404.json()) as ErrorBody).error.code).toBe("not_found");
    const r405 = await fetch(api.baseUrl + "/v1/credits", { method: "POST" });
    expect(r405.status).toBe(405);
    expect(r405.headers.get("allow")).toBe("GET");
  });

  it("lists the model catalog without a key", async () => {
    const res = await get("/v1/models");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; data: Array<{ id: string }> };
    expect(body.object).toBe("list");
    expect(body.data.length).toBeGreaterThanOrEqual(30);
  });
});

afterAll(() => closeDb());
