import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assemble, fixtureReader } from "../testing/fixtures";
import { sendJson, sendSse, startReplayServer, type ReplayServer } from "../testing/replay-server";
import { UpstreamError, type CallOptions, type CanonicalChunk, type CanonicalRequest } from "../types";
import { anthropicAdapter, createAnthropicAdapter } from "./index";

const fx = fixtureReader(import.meta.dirname);
const req: CanonicalRequest = { model: "claude-sonnet-4-5", stream: false, messages: [{ role: "user", content: "Hi" }] };
let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(() => server.close());

const opts = (headers?: Record<string, string>): CallOptions => ({
  target: { baseUrl: server.baseUrl, apiKey: "sk-ant-api03-secret", headers },
  signal: new AbortController().signal,
});

describe("anthropicAdapter over HTTP", () => {
  it("calls /v1/messages with x-api-key and anthropic-version", async () => {
    server.setHandler((_r, res) => sendJson(res, 200, fx.text("text.json")));
    const r = await anthropicAdapter.complete(req, opts({ "anthropic-beta": "prompt-caching-2024-07-31" }));
    expect(r.message.content).toBe("Hello! How can I help you today?");
    const sent = server.requests.at(-1)!;
    expect(sent.url).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe("sk-ant-api03-secret");
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.headers["anthropic-beta"]).toBe("prompt-caching-2024-07-31");
    expect(sent.headers.authorization).toBeUndefined();
    expect(JSON.parse(sent.body)).toMatchObject({ model: "claude-sonnet-4-5", max_tokens: 4096 });
  });

  it("uses the caller's max output default", async () => {
    server.setHandler((_r, res) => sendJson(res, 200, fx.text("text.json")));
    const adapter = createAnthropicAdapter({ defaultMaxTokens: (m) => (m.startsWith("claude-sonnet-4") ? 64000 : undefined) });
    await adapter.complete(req, opts());
    expect(JSON.parse(server.requests.at(-1)!.body).max_tokens).toBe(64000);
  });

  it("maps 529 overloaded to a retryable error with retry-after", async () => {
    server.setHandler((_r, res) => sendJson(res, 529, fx.text("error-overloaded.json"), { "retry-after": "7" }));
    const err = await anthropicAdapter.complete(req, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 529, retryable: true, retryAfterMs: 7000, message: expect.stringContaining("overloaded_error: Overloaded") });
  });

  it("maps 400 invalid_request_error as final", async () => {
    server.setHandler((_r, res) => sendJson(res, 400, fx.text("error-invalid-request.json")));
    await expect(anthropicAdapter.complete(req, opts())).rejects.toMatchObject({ status: 400, retryable: false });
  });

  it("streams tool calls from the recorded SSE", async () => {
    server.setHandler((_r, res) => sendSse(res, fx.text("tool-use.sse.txt")));
    const chunks: CanonicalChunk[] = [];
    for await (const c of anthropicAdapter.stream(req, opts())) chunks.push(c);
    expect(JSON.parse(server.requests.at(-1)!.body).stream).toBe(true);
    const a = assemble(chunks);
    expect(a.toolCalls.map((t) => t.name)).toEqual(["get_weather", "get_time"]);
    expect(a.usage?.cached_tokens).toBe(2048);
  });

  it("surfaces request-mapping errors through the iterator", async () => {
    const bad: CanonicalRequest = { ...req, messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "file:///etc/passwd" } }] }] };
    const before = server.requests.length;
    const it = anthropicAdapter.stream(bad, opts())[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toMatchObject({ status: 400, retryable: false });
    expect(server.requests.length).toBe(before);
  });
});
