// The OpenAI-format embeddings call (OpenAI and the compatible providers) over HTTP, against
// a replay server answering a recorded OpenAI body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getProviderAdapter } from "../registry";
import { fixtureReader } from "../testing/fixtures";
import { sendJson, startReplayServer, type ReplayServer } from "../testing/replay-server";
import { UpstreamError, type CallOptions } from "../types";
import { openaiAdapter } from "./index";

const fx = fixtureReader(import.meta.dirname);
let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});

function opts(): CallOptions {
  return { target: { baseUrl: `${server.baseUrl}/v1`, apiKey: "sk-test-key-1234567890abcdef" }, signal: new AbortController().signal };
}

describe("OpenAI-format embed", () => {
  it("posts /embeddings asking for floats and returns the vectors in order with the usage", async () => {
    server.setHandler((_r, res) => sendJson(res, 200, fx.text("embeddings.json")));
    const r = await openaiAdapter.embed!({ model: "text-embedding-3-small", input: ["a", "b"], dimensions: 4, user: "u1" }, opts());
    expect(r.vectors).toEqual([[-0.006929283, -0.005336422, 0.024047505, -0.01407986], [0.01234567, -0.0321, 0.0001, 0.998]]);
    expect(r.usage).toEqual({ prompt_tokens: 8 });
    const sent = server.requests.at(-1)!;
    expect(sent.url).toBe("/v1/embeddings");
    expect(sent.headers.authorization).toBe("Bearer sk-test-key-1234567890abcdef");
    expect(JSON.parse(sent.body)).toEqual({ model: "text-embedding-3-small", input: ["a", "b"], encoding_format: "float", dimensions: 4, user: "u1" });
  });

  it("Mistral's dialect leaves out `user` (Mistral refuses unknown fields)", async () => {
    server.setHandler((_r, res) => sendJson(res, 200, fx.text("embeddings.json")));
    await getProviderAdapter("openai", "mistral").embed!({ model: "mistral-embed", input: ["a", "b"], user: "u1" }, opts());
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({ model: "mistral-embed", input: ["a", "b"], encoding_format: "float" });
  });

  it("reorders by index and decodes base64 vectors from a server that ignores encoding_format", async () => {
    const f = Float32Array.from([0.5, -2]);
    const b64 = Buffer.from(f.buffer).toString("base64");
    server.setHandler((_r, res) => sendJson(res, 200, JSON.stringify({ data: [{ index: 1, embedding: b64 }, { index: 0, embedding: [1, 2] }] })));
    const r = await openaiAdapter.embed!({ model: "m", input: ["x", "y"] }, opts());
    expect(r.vectors).toEqual([[1, 2], [0.5, -2]]);
    expect(r.usage).toBeUndefined();
  });

  it.each([
    ["a vector count that does not match the inputs", { data: [{ index: 0, embedding: [1] }] }],
    ["a vector that is not numbers", { data: [{ index: 0, embedding: ["x"] }, { index: 1, embedding: [1] }] }],
    ["no data", { object: "list" }],
  ])("treats %s as an invalid (retryable) response", async (_name, body) => {
    server.setHandler((_r, res) => sendJson(res, 200, JSON.stringify(body)));
    const err = await openaiAdapter.embed!({ model: "m", input: ["x", "y"] }, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ kind: "invalid_response", retryable: true });
  });

  it("maps an upstream 400 to a non-retryable error with the provider's message", async () => {
    server.setHandler((_r, res) => sendJson(res, 400, JSON.stringify({ error: { message: "This model does not support specifying dimensions.", type: "invalid_request_error" } })));
    const err = await openaiAdapter.embed!({ model: "m", input: ["x"], dimensions: 3 }, opts()).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, retryable: false });
    expect((err as Error).message).toMatch(/does not support specifying dimensions/);
  });
});
