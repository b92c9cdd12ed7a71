import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixtureReader } from "../testing/fixtures";
import { sendJson, startReplayServer, type ReplayServer } from "../testing/replay-server";
import type { CallOptions, CanonicalRequest } from "../types";
import {
  clearCustomProviders,
  COMPATIBLE_PROVIDERS,
  customProviderSchema,
  getCompatibleAdapter,
  getCompatibleProvider,
  getCustomProviderTarget,
  registerCustomProviders,
} from "./index";

const openaiFx = fixtureReader(`${import.meta.dirname}/../openai`);
let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer((_r, res) => sendJson(res, 200, openaiFx.text("text.json")));
});
afterAll(() => server.close());
afterEach(() => clearCustomProviders());

const req: CanonicalRequest = {
  model: "some-model",
  stream: false,
  messages: [
    { role: "developer", content: "Be terse." },
    { role: "user", content: "Hi", name: "ann" },
  ],
  max_tokens: 64,
  seed: 9,
  user: "u-1",
};
const opts = (apiKey = "k"): CallOptions => ({ target: { baseUrl: `${server.baseUrl}/v1`, apiKey }, signal: new AbortController().signal });
const lastBody = () => JSON.parse(server.requests.at(-1)!.body) as Record<string, unknown>;

describe("built-in compatible providers", () => {
  it("are config only: every entry has an adapter with the openai wire format", () => {
    expect(COMPATIBLE_PROVIDERS.map((p) => p.id)).toEqual([
      "mistral", "deepseek", "xai", "groq", "together", "fireworks", "openrouter", "cerebras", "cohere", "ollama", "vllm",
    ]);
    for (const p of COMPATIBLE_PROVIDERS) {
      expect(getCompatibleAdapter(p.id)?.wireFormat).toBe("openai");
      expect(p.defaultBaseUrl).toMatch(/^https?:\/\/[^/]+.*\/v1$/);
    }
    expect(getCompatibleProvider("ollama")).toMatchObject({ requiresApiKey: false, local: true });
  });

  it("sends Mistral's dialect", async () => {
    await getCompatibleAdapter("mistral")!.complete(req, opts());
    expect(lastBody()).toEqual({
      model: "some-model",
      messages: [{ role: "system", content: "Be terse." }, { role: "user", content: "Hi" }],
      max_tokens: 64,
      random_seed: 9,
    });
  });

  it("sends Groq's dialect (max_completion_tokens, no message names)", async () => {
    await getCompatibleAdapter("groq")!.complete({ ...req, stream: true }, opts());
    const body = lastBody();
    expect(body).toMatchObject({ max_completion_tokens: 64, seed: 9, user: "u-1" });
    expect(body).not.toHaveProperty("stream"); // complete() never streams
    expect((body.messages as Array<Record<string, unknown>>)[1]).toEqual({ role: "user", content: "Hi" });
  });

  it("sends no Authorization header for keyless local servers", async () => {
    await getCompatibleAdapter("ollama")!.complete(req, opts(""));
    expect(server.requests.at(-1)!.headers.authorization).toBeUndefined();
  });
});

describe("custom upstreams", () => {
  it("validates config objects with customProviderSchema", () => {
    expect(customProviderSchema.safeParse({ id: "acme", baseUrl: "https://llm.acme.test/v1" }).success).toBe(true);
    expect(customProviderSchema.safeParse({ id: "Acme!", baseUrl: "https://x.test" }).success).toBe(false);
    expect(customProviderSchema.safeParse({ id: "acme", baseUrl: "https://x.test", quirks: { maxTokenField: "x" } }).success).toBe(false);
  });

  it("registers a routable provider with its own dialect and key", async () => {
    const [p] = registerCustomProviders(
      [{ id: "acme", displayName: "Acme LLM", baseUrl: `${server.baseUrl}/v1`, apiKey: "acme-key", quirks: { seedField: null }, headers: { "x-tenant": "t1" } }],
      { allowLoopback: true },
    );
    expect(p).toMatchObject({ id: "acme", displayName: "Acme LLM", custom: true, requiresApiKey: true });
    const target = getCustomProviderTarget("acme")!;
    expect(target).toEqual({ baseUrl: `${server.baseUrl}/v1`, apiKey: "acme-key" });
    const r = await getCompatibleAdapter("acme")!.complete(req, { target, signal: new AbortController().signal });
    expect(r.message.content).toBeTruthy();
    const sent = server.requests.at(-1)!;
    expect(sent.headers.authorization).toBe("Bearer acme-key");
    expect(sent.headers["x-tenant"]).toBe("t1");
    expect(lastBody()).not.toHaveProperty("seed");
  });

  it("refuses SSRF-prone base URLs and reserved ids", () => {
    expect(() => registerCustomProviders([{ id: "meta", baseUrl: "http://169.254.169.254/v1" }], { allowLoopback: true })).toThrow(/link-local/);
    expect(() => registerCustomProviders([{ id: "loop", baseUrl: `${server.baseUrl}/v1` }])).toThrow(/loopback/);
    expect(() => registerCustomProviders([{ id: "openai", baseUrl: "https://example.com/v1" }])).toThrow(/reserved/);
    expect(() => registerCustomProviders([{ id: "x", baseUrl: "ftp://example.com" }])).toThrow();
  });

  it("re-checks the URL on every call (targets can come from elsewhere)", async () => {
    registerCustomProviders([{ id: "lan", baseUrl: "http://10.1.2.3:8000/v1" }]);
    const err = await getCompatibleAdapter("lan")!
      .complete(req, { target: { baseUrl: `${server.baseUrl}/v1`, apiKey: "" }, signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "network", retryable: false, message: expect.stringContaining("loopback") });
  });
});
