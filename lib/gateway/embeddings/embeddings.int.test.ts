// POST /v1/embeddings through the official OpenAI SDK (both doors) against the emulator: the
// simulated model and the real wire formats (OpenAI, Gemini batchEmbedContents, Mistral),
// exact metering on the provider's usage or our count, failover, refusals, and a ledger that
// reconciles under concurrency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { countTextTokens } from "@/lib/catalog/token-count";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import {
  SIGNUP_UNITS, costOf, creditsUnits, ledgerRows, ledgerSum, openaiFor, settledLog, useGatewayEmulator, waitForLogCount,
} from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

// The real providers' models are served by the emulator, each in its own wire format.
const ENV = { OPENAI_API_KEY: "sk-platform-openai", GOOGLE_API_KEY: "AIza-platform", MISTRAL_API_KEY: "mistral-platform" };
const saved: Record<string, string | undefined> = {};
const ctx = useGatewayEmulator({
  resetEach: true,
  setup: (emu) => {
    const urls = { OPENAI_BASE_URL: `${emu.url}/v1`, GOOGLE_BASE_URL: `${emu.url}/v1beta`, MISTRAL_BASE_URL: `${emu.url}/v1` };
    for (const [k, v] of Object.entries({ ...ENV, ...urls })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    resetEnvForTests();
  },
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  resetEnvForTests();
});

/** About 18,000 tokens: more than any embedding model takes in one input. */
const LONG = Array.from({ length: 9000 }, (_, i) => `w${i}`).join(" ");

async function post(api: ApiServer, key: string, path: string, body: unknown): Promise<{ status: number; json: { error?: { param: string | null; message: string } } }> {
  const res = await fetch(`${api.baseUrl}/v1${path}`, {
    method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { error?: { param: string | null; message: string } } };
}

describe.each(["node", "fetch"] as const)("embeddings via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  it("embeddings.create on sim/embed: base64 decoded by the SDK, provider usage, charged exactly, logged", async () => {
    const user = await createTestUser();
    const { data, response } = await openaiFor(api, user.key).embeddings.create({ model: "sim/embed", input: ["hello world", "other text"] }).withResponse();
    expect(ctx.emu.requests().at(-1)).toMatchObject({ format: "openai", model: "emu-embed" });
    expect(data.model).toBe("sim/embed");
    expect(data.data.map((d) => [d.index, d.embedding.length])).toEqual([[0, 1536], [1, 1536]]);
    expect(Math.hypot(...data.data[0]!.embedding)).toBeCloseTo(1, 4);
    const tokens = countTextTokens("hello world") + countTextTokens("other text");
    expect(data.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
    expect(response.headers.get("x-switchyard-model")).toBe("sim/embed");

    const requestId = response.headers.get("x-request-id")!;
    const log = await settledLog(api, user.key, requestId);
    const cost = costOf("sim/embed", { prompt_tokens: tokens, completion_tokens: 0 });
    expect(cost).toBeGreaterThan(0n);
    expect(log).toMatchObject({
      endpoint: "embeddings", requested_model: "sim/embed", resolved_model: "sim/embed", status: 200, stream: false,
      cost_units: cost.toString(), usage: { input_tokens: tokens, output_tokens: 0, source: "provider" },
    });
    expect(BigInt(log.reserved_units)).toBeGreaterThanOrEqual(cost);
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
    expect(await ledgerRows(user.userId, requestId)).toEqual([{ kind: "charge", amount: -cost, sourceId: requestId }]);
  });

  it("float encoding and dimensions: the same vector as base64, shortened", async () => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const float = await client.embeddings.create({ model: "sim/embed", input: "same text", encoding_format: "float", dimensions: 64 });
    const decoded = await client.embeddings.create({ model: "sim/embed", input: "same text", dimensions: 64 });
    expect(float.data[0]!.embedding).toHaveLength(64);
    expect(decoded.data[0]!.embedding[5]).toBeCloseTo(float.data[0]!.embedding[5]!, 6);
  });
});

describe("embeddings on the real wire formats (emulated upstreams)", () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer("node");
  });
  afterAll(() => api.close());

  it.each([
    ["openai/text-embedding-3-small", "openai", "text-embedding-3-small", "/v1/embeddings", 1536, "provider"],
    ["mistral/mistral-embed", "openai", "mistral-embed", "/v1/embeddings", 1536, "provider"],
    ["google/gemini-embedding-001", "gemini", "gemini-embedding-001", "/v1beta/models/gemini-embedding-001:batchEmbedContents", 3072, "estimated"],
  ] as const)("%s: %s wire format, upstream %s at %s", async (model, format, upstream, path, dims, source) => {
    const user = await createTestUser();
    const input = ["first document", "second document"];
    const { data, response } = await openaiFor(api, user.key).embeddings.create({ model, input, user: "end-user-1" }).withResponse();
    const sent = ctx.emu.requests().at(-1)!;
    expect(sent).toMatchObject({ format, model: upstream, path });
    if (model.startsWith("mistral/")) expect(sent.body).not.toHaveProperty("user"); // Mistral refuses unknown fields
    expect(data.data.map((d) => d.embedding.length)).toEqual([dims, dims]);
    const tokens = countTextTokens(input[0]!) + countTextTokens(input[1]!);
    expect(data.usage.prompt_tokens).toBe(tokens);
    const log = await settledLog(api, user.key, response.headers.get("x-request-id")!);
    const cost = costOf(model, { prompt_tokens: tokens, completion_tokens: 0 });
    expect(log).toMatchObject({ resolved_model: model, cost_units: cost.toString(), usage: { input_tokens: tokens, source } });
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - cost);
  });

  it("fails over across `models` before answering, charging only the model that answered", async () => {
    ctx.emu.setModel("text-embedding-3-small", { failureRate: 1, failStatus: 503 });
    const user = await createTestUser();
    const res = await fetch(`${api.baseUrl}/v1/embeddings`, {
      method: "POST", headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/text-embedding-3-small", models: ["sim/embed"], input: "fail over please" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model: string; usage: { prompt_tokens: number } };
    expect(body.model).toBe("sim/embed");
    const log = await settledLog(api, user.key, res.headers.get("x-request-id")!);
    expect(log.attempts.map((a) => [a.model, a.status])).toEqual([["openai/text-embedding-3-small", 503], ["sim/embed", 200]]);
    const cost = costOf("sim/embed", { prompt_tokens: body.usage.prompt_tokens, completion_tokens: 0 });
    expect(log.cost_units).toBe(cost.toString());
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - cost);
  });

  it("a failure of every model is refunded in full and logged with its error", async () => {
    ctx.emu.setModel("emu-embed", { failureRate: 1, failStatus: 500 });
    const user = await createTestUser();
    const res = await fetch(`${api.baseUrl}/v1/embeddings`, {
      method: "POST", headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "sim/embed", input: "nothing will come" }),
    });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("upstream_error");
    const log = await settledLog(api, user.key, res.headers.get("x-request-id")!);
    expect(log).toMatchObject({ endpoint: "embeddings", status: 502, cost_units: "0", usage: { source: "none" } });
    expect(log.error_class).toBe("upstream_500");
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS);
  });

  it("refuses chat models here, embedding models on the chat endpoints, and bad bodies — naming the field", async () => {
    const user = await createTestUser();
    const refusals = [
      [await post(api, user.key, "/embeddings", { model: "sim/gpt", input: "x" }), "model", /chat model/],
      [await post(api, user.key, "/embeddings", { model: "sim/embed", models: ["sim/claude"], input: "x" }), "models[0]", /chat model/],
      [await post(api, user.key, "/chat/completions", { model: "sim/embed", messages: [{ role: "user", content: "x" }] }), "model", /embedding model/],
      [await post(api, user.key, "/responses", { model: "openai/text-embedding-3-small", input: "x" }), "model", /embedding model/],
      [await post(api, user.key, "/embeddings", { model: "google/gemini-embedding-001", input: [1, 2, 3] }), "input", /not token ids/],
      [await post(api, user.key, "/embeddings", { model: "sim/embed", input: ["ok", LONG] }), "input[1]", /at most 8192 tokens per input/],
      [await post(api, user.key, "/embeddings", { model: "sim/embed", input: ["ok", 3] }), "input[1]", /expected a string/],
      [await post(api, user.key, "/embeddings", { model: "sim/embed", input: "x", encoding_format: "hex" }), "encoding_format", /Invalid value/],
      [await post(api, user.key, "/embeddings", { input: "x" }), "model", /Missing required parameter/],
    ] as const;
    for (const [res, param, message] of refusals) {
      expect(res.status, JSON.stringify(res.json.error ?? "no error")).toBe(400);
      expect(res.json.error?.param).toBe(param);
      expect(res.json.error?.message).toMatch(message);
    }
    expect(ctx.emu.requests()).toEqual([]); // nothing reached a provider
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS);
  });

  it("lists embedding models in /v1/models with their kind", async () => {
    const res = await fetch(`${api.baseUrl}/v1/models`);
    const { data } = (await res.json()) as { data: Array<{ id: string; kind: string }> };
    const kinds = Object.fromEntries(data.map((m) => [m.id, m.kind]));
    expect(kinds).toMatchObject({ "sim/embed": "embedding", "openai/text-embedding-3-small": "embedding", "sim/gpt": "chat" });
  });

  it("concurrent requests: balance = signup − Σ charges = the ledger", async () => {
    const user = await createTestUser();
    const client = openaiFor(api, user.key);
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) =>
      client.embeddings.create({ model: i % 2 ? "sim/embed" : "openai/text-embedding-3-small", input: [`text number ${i}`, "shared"] })));
    await waitForLogCount(user.userId, 24);
    let charged = 0n;
    for (const r of results) charged += costOf(r.model, { prompt_tokens: r.usage.prompt_tokens, completion_tokens: 0 });
    expect(await creditsUnits(api, user.key)).toBe(SIGNUP_UNITS - charged);
    expect(await ledgerSum(user.userId)).toBe(SIGNUP_UNITS - charged);
  });
});
