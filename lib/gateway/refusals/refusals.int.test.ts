// Every authenticated call is in the request log (issue #18 point 4), through both doors and
// real HTTP: calls refused before routing get a row with their status, error class, message,
// endpoint, requested model, size, body and the error they were answered — nothing charged;
// a call whose own pipeline logged it gets no second row; a bad key (401) gets none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { resetEnvForTests } from "@/lib/env";
import { sqlFromPool } from "@/lib/sql/executor";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, ledgerRows, ledgerSum, sleep, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { createKeyWith, createManagementKey } from "@/lib/testing/key-fixtures";
import { readLogRow, type LogRow } from "@/lib/testing/log-rows";

useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 }) });
const LIMIT = 16_384;
const saved: Record<string, string | undefined> = {};
const ENV = ["OPENAI_API_KEY", "MAX_BODY_BYTES"];

// No OpenAI key of the deployment's own (openai/* models have no provider here), a small body limit.
beforeAll(() => {
  for (const k of ENV) saved[k] = process.env[k];
  delete process.env.OPENAI_API_KEY;
  process.env.MAX_BODY_BYTES = String(LIMIT);
  resetEnvForTests();
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  resetEnvForTests();
});

type Answer = { status: number; id: string; text: string; json: unknown };
const hi = [{ role: "user", content: "hi" }];

/** Waits a moment for a row that must not come. */
async function expectNoRow(id: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushCharges();
    await sleep(20);
  }
  const { rowCount } = await pool().query("SELECT 1 FROM request_logs WHERE id = $1", [id]);
  expect(rowCount, `no row for ${id}`).toBe(0);
}

describe.each(["node", "fetch"] as const)("refused calls are logged via the %s door", (door) => {
  let api: ApiServer;
  let user: Awaited<ReturnType<typeof createTestUser>>;
  beforeAll(async () => {
    api = await startApiServer(door);
    user = await createTestUser();
  });
  afterAll(() => api.close());

  async function post(path: string, body: unknown, key = user.key, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${api.baseUrl}/v1${path}`, {
      method: "POST", body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // an event stream
    }
    return { status: res.status, id: res.headers.get("x-request-id")!, text, json };
  }

  /** The refusal's row: the facts, the body as sent, the error as answered, nothing charged. */
  async function expectRefusalRow(a: Answer, want: Partial<LogRow>, body: unknown, keyId = user.keyId): Promise<LogRow> {
    const row = await readLogRow(a.id);
    expect(row).toMatchObject({
      api_key_id: keyId, resolved_model: null, provider: null, cost_units: "0", reserved_units: "0", refused_count: 1,
      input_tokens: 0, output_tokens: 0, usage_source: "none", attempts: [], status: a.status, ...want,
    });
    expect(row.request_body).toEqual(body);
    expect(row.response_body, "the error we answered").toEqual(a.json);
    expect(await ledgerRows(row.user_id, a.id)).toEqual([]);
    return row;
  }

  it("unknown model (404): endpoint, requested model, message, size, body and the answered error", async () => {
    const body = { model: "sim/does-not-exist", messages: hi };
    const a = await post("/chat/completions", body);
    expect(a.status).toBe(404);
    const row = await expectRefusalRow(a, {
      endpoint: "chat.completions", requested_model: "sim/does-not-exist", error_class: "model_not_found", stream: false,
      request_bytes: Buffer.byteLength(JSON.stringify(body)),
    }, body);
    expect(row.error_message).toContain("sim/does-not-exist");
  });

  it("no provider configured for the model (503)", async () => {
    const body = { model: "openai/gpt-4o-mini", messages: hi, stream: true };
    const a = await post("/chat/completions", body);
    expect(a.status).toBe(503);
    const row = await expectRefusalRow(a, {
      endpoint: "chat.completions", requested_model: "openai/gpt-4o-mini", error_class: "service_unavailable", stream: true,
    }, body);
    expect(row.error_message).toContain("not available on this deployment");
  });

  it("402 insufficient credits, in the Anthropic dialect on /messages", async () => {
    const poor = await createTestUser();
    await applyLedgerEntry(sqlFromPool(pool()), {
      userId: poor.userId, kind: "adjustment", amount: 1n - SIGNUP_UNITS, sourceId: `drain:${poor.userId}`,
    });
    const body = { model: "sim/claude", max_tokens: 4096, messages: hi };
    const a = await post("/messages", body, poor.key, { "anthropic-version": "2023-06-01" });
    expect(a.status).toBe(402);
    expect(a.json).toMatchObject({ type: "error", error: { type: expect.any(String) } });
    await expectRefusalRow(a, { endpoint: "messages", requested_model: "sim/claude", error_class: "insufficient_credits" }, body, poor.keyId);
    expect(await ledgerSum(poor.userId)).toBe(1n);
  });

  it("400 validation errors: a schema error stores the body; unparseable JSON stores its size only", async () => {
    const body = { model: "sim/gpt", messages: [] };
    const a = await post("/chat/completions", body);
    expect(a.status).toBe(400);
    await expectRefusalRow(a, { endpoint: "chat.completions", requested_model: "sim/gpt", error_class: "invalid_request" }, body);
    const broken = '{"model": "sim/gpt", "messages": [';
    const b = await post("/chat/completions", broken);
    expect(b.status).toBe(400);
    await expectRefusalRow(b, { requested_model: "", error_class: "invalid_request", request_bytes: broken.length }, null);
  });

  it("413 body too large: logged with its declared size, no body", async () => {
    const big = JSON.stringify({ model: "sim/gpt", messages: [{ role: "user", content: "x".repeat(LIMIT) }] });
    const a = await post("/chat/completions", big);
    expect(a.status).toBe(413);
    await expectRefusalRow(a, { error_class: "request_too_large", requested_model: "", request_bytes: Buffer.byteLength(big) }, null);
  });

  it("403: a model the key may not use, a disabled key, a management key calling a model", async () => {
    const limited = await createKeyWith(user.userId, { allowedModels: ["sim/claude"] });
    const body = { model: "sim/gpt", messages: hi };
    const a = await post("/chat/completions", body, limited.key);
    expect(a.status).toBe(403);
    await expectRefusalRow(a, { error_class: "permission_denied", requested_model: "sim/gpt" }, body, limited.keyId);
    const off = await createKeyWith(user.userId, { disabled: true });
    const b = await post("/chat/completions", body, off.key);
    expect(b.status).toBe(403);
    await expectRefusalRow(b, { error_class: "key_disabled", requested_model: "", request_bytes: Buffer.byteLength(JSON.stringify(body)) }, null, off.keyId);
    const manager = await createManagementKey(user.userId);
    const c = await post("/chat/completions", body, manager.key);
    expect(c.status).toBe(403);
    await expectRefusalRow(c, { error_class: "permission_denied" }, null, manager.keyId);
  });

  it("401: a missing or invalid key belongs to no account and is not logged", async () => {
    const a = await post("/chat/completions", { model: "sim/gpt", messages: hi }, "sk-sy-" + "Z".repeat(43));
    expect(a.status).toBe(401);
    const b = await post("/chat/completions", { model: "sim/gpt", messages: hi }, "");
    expect(b.status).toBe(401);
    await expectNoRow(a.id);
    await expectNoRow(b.id);
  });

  it("orchestration calls refused before any sub-call: /compare 404, /judge 400, /chat 402", async () => {
    const compare = { models: ["sim/fast", "sim/nope"], messages: hi };
    const a = await post("/compare", compare);
    expect(a.status).toBe(404);
    await expectRefusalRow(a, { endpoint: "compare", requested_model: "sim/fast,sim/nope", error_class: "model_not_found", stream: true }, compare);
    const judge = { contestants: ["sim/fast"], judge: "sim/gpt", messages: hi, stream: false };
    const b = await post("/judge", judge);
    expect(b.status).toBe(400);
    await expectRefusalRow(b, { endpoint: "judge", requested_model: "sim/fast,sim/gpt", stream: false }, judge);
    const poor = await createTestUser();
    await applyLedgerEntry(sqlFromPool(pool()), { userId: poor.userId, kind: "adjustment", amount: 1n - SIGNUP_UNITS, sourceId: `drain:${poor.userId}` });
    const chat = { model: "sim/gpt", messages: hi, max_tokens: 4000 };
    const c = await post("/chat", chat, poor.key);
    expect(c.status).toBe(402);
    await expectRefusalRow(c, { endpoint: "chat", requested_model: "sim/gpt", error_class: "insufficient_credits" }, chat, poor.keyId);
  });

  it("/embeddings and /responses refusals", async () => {
    const emb = { model: "sim/gpt", input: "hello" };
    const a = await post("/embeddings", emb);
    expect(a.status).toBe(400);
    await expectRefusalRow(a, { endpoint: "embeddings", requested_model: "sim/gpt" }, emb);
    const resp = { model: "sim/gpt", input: "hi", previous_response_id: "resp_123" };
    const b = await post("/responses", resp);
    expect(b.status).toBe(400);
    await expectRefusalRow(b, { endpoint: "responses", requested_model: "sim/gpt", error_class: "invalid_request" }, resp);
  });

  it("an upstream failure keeps its pipeline's row (attempts, the answered error), with no second row", async () => {
    const body = { model: "sim/down", messages: hi };
    const a = await post("/chat/completions", body);
    expect(a.status).toBeGreaterThanOrEqual(500);
    const row = await readLogRow(a.id);
    expect(row.attempts.length).toBeGreaterThan(0); // finalize.ts's row, not a refusal row
    expect(row.response_body).toEqual(a.json);
    expect(row.request_body).toEqual(body);
  });

  it("a streamed answer is stored assembled; a stream cut mid-way keeps its part and the error event", async () => {
    const body = { model: "sim/gpt", messages: hi, stream: true, stream_options: { include_usage: true } };
    const a = await post("/chat/completions", body);
    expect(a.status).toBe(200);
    const events = a.text.split("\n").filter((l) => l.startsWith("data: {")).map((l) => JSON.parse(l.slice(6)) as {
      id: string; choices: Array<{ delta: { content?: string }; finish_reason: string | null }>; usage?: unknown;
    });
    const streamed = events.map((e) => e.choices[0]?.delta.content ?? "").join("");
    expect(streamed.length).toBeGreaterThan(0);
    const row = await readLogRow(a.id);
    expect(row.response_body).toMatchObject({
      object: "chat.completion", model: "sim/gpt", id: events[0]!.id,
      choices: [{ index: 0, message: { role: "assistant", content: streamed }, finish_reason: "stop" }],
      usage: events.at(-1)!.usage,
    });
    const cut = await post("/chat/completions", { model: "sim/cut", messages: hi, stream: true });
    const cutRow = await readLogRow(cut.id);
    expect(cutRow.status).toBe(502);
    expect(cutRow.response_body).toMatchObject({ object: "chat.completion", choices: [{ finish_reason: null }], error: { error: { type: "upstream_error" } } });
    expect((cutRow.response_body as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content.length).toBeGreaterThan(0);
  });

  it("an Anthropic stream is stored as the same document", async () => {
    const a = await post("/messages", { model: "sim/claude", max_tokens: 50, messages: hi, stream: true }, user.key, { "anthropic-version": "2023-06-01" });
    expect(a.status).toBe(200);
    const text = a.text.split("\n").filter((l) => l.startsWith("data: {")).map((l) => JSON.parse(l.slice(6)) as { delta?: { text?: string } })
      .map((e) => e.delta?.text ?? "").join("");
    const row = await readLogRow(a.id);
    expect(row.response_body).toMatchObject({ object: "chat.completion", choices: [{ message: { content: text } }] });
  });

  it("zero retention: refused, streamed and failed calls are logged without any body", async () => {
    const { setZeroRetention } = await import("@/lib/account/zero-retention");
    const private_ = await createTestUser();
    await setZeroRetention(private_.userId, true);
    const refused = await post("/chat/completions", { model: "sim/nope", messages: hi }, private_.key);
    const streamed = await post("/chat/completions", { model: "sim/gpt", messages: hi, stream: true }, private_.key);
    const failed = await post("/chat/completions", { model: "sim/down", messages: hi }, private_.key);
    for (const a of [refused, streamed, failed]) {
      const row = await readLogRow(a.id);
      expect(row.status).toBe(a.status);
      expect(row.request_body).toBeNull();
      expect(row.response_body).toBeNull();
    }
  });
});
