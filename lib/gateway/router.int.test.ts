// The API route table through both doors: patterns with parameters (the former "/*" prefix
// routes), 405s with Allow, and a route's error dialect on its own path's 404/405.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";

type OpenAiError = { error: { message: string; type: string; code: string } };
type AnthropicError = { type: "error"; error: { type: string; message: string } };

afterAll(() => closeDb());

describe.each(["node", "fetch"] as const)("API routing via the %s door", (door) => {
  let api: ApiServer;
  let key: string;
  beforeAll(async () => {
    assertTestDatabase();
    api = await startApiServer(door);
    ({ key } = await createTestUser());
  });
  afterAll(() => api.close());

  const call = (method: string, path: string, headers: Record<string, string> = {}) =>
    fetch(api.baseUrl + path, { method, headers: { authorization: `Bearer ${key}`, ...headers } });

  it("answers GET /v1/messages with a 405 in the Anthropic shape, Allow: POST", async () => {
    const res = await call("GET", "/v1/messages");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(res.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    const body = (await res.json()) as AnthropicError;
    expect(body).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  it("answers an unknown path below /v1/messages with a 404 in the Anthropic shape", async () => {
    const res = await call("POST", "/v1/messages/batches");
    expect(res.status).toBe(404);
    expect(((await res.json()) as AnthropicError)).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });

  it("keeps the OpenAI shape for 405s elsewhere, PATCH included", async () => {
    const res = await call("PATCH", "/v1/credits");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(((await res.json()) as OpenAiError).error.code).toBe("method_not_allowed");
  });

  it("passes a model id with slashes, raw or encoded, to GET /v1/models/{id...}", async () => {
    for (const path of ["/v1/models/sim/gpt", "/v1/models/sim%2Fgpt", "/api/v1/models/sim/gpt/"]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(200);
      expect(((await res.json()) as { id: string }).id).toBe("sim/gpt");
    }
  });

  it("passes the decoded id to GET /v1/requests/{id} (trailing slash ignored)", async () => {
    const res = await call("GET", "/v1/requests/req_caf%C3%A9/");
    expect(res.status).toBe(404);
    expect(((await res.json()) as OpenAiError).error.message).toBe("No request 'req_café' in this account.");
    expect((await call("GET", "/v1/requests/a/b")).status).toBe(404);
  });

  it("answers a malformed escape in a parameter with a 400 JSON error and a request id", async () => {
    const res = await call("GET", "/v1/requests/%E0%A4%A");
    expect(res.status).toBe(400);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect(((await res.json()) as OpenAiError).error.message).toMatch(/percent-encoding/);
  });
});
