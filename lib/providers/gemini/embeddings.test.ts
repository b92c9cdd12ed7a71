// Gemini batchEmbedContents over HTTP against a replay server answering a recorded body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureReader } from "../testing/fixtures";
import { sendJson, startReplayServer, type ReplayServer } from "../testing/replay-server";
import { UpstreamError, type CallOptions } from "../types";
import { GEMINI_EMBED_BATCH } from "./embeddings";
import { geminiAdapter } from "./index";

const fx = fixtureReader(import.meta.dirname);
let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});

function opts(): CallOptions {
  return { target: { baseUrl: `${server.baseUrl}/v1beta`, apiKey: "AIza-test-key-123456" }, signal: new AbortController().signal };
}

describe("geminiAdapter.embed", () => {
  it("posts one batchEmbedContents with a request per input and reports no usage", async () => {
    server.setHandler((_r, res) => sendJson(res, 200, fx.text("batch-embed.json")));
    const r = await geminiAdapter.embed!({ model: "gemini-embedding-001", input: ["a", "b"], dimensions: 3 }, opts());
    expect(r).toEqual({ vectors: [[0.0123, -0.0456, 0.0789], [-0.0011, 0.0022, -0.0033]] });
    const sent = server.requests.at(-1)!;
    expect(sent.url).toBe("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    expect(sent.headers["x-goog-api-key"]).toBe("AIza-test-key-123456");
    expect(JSON.parse(sent.body)).toEqual({
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "a" }] }, outputDimensionality: 3 },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "b" }] }, outputDimensionality: 3 },
      ],
    });
  });

  it("splits more than 100 inputs into batches, keeping the order", async () => {
    server.setHandler((r, res) => {
      const body = JSON.parse(r.body) as { requests: Array<{ content: { parts: Array<{ text: string }> } }> };
      sendJson(res, 200, JSON.stringify({ embeddings: body.requests.map((q) => ({ values: [Number(q.content.parts[0]!.text)] })) }));
    });
    const before = server.requests.length;
    const input = Array.from({ length: GEMINI_EMBED_BATCH + 5 }, (_, i) => String(i));
    const r = await geminiAdapter.embed!({ model: "gemini-embedding-001", input }, opts());
    expect(server.requests.length - before).toBe(2);
    expect(r.vectors.map((v) => v[0])).toEqual(input.map(Number));
  });

  it("refuses token-id input without calling Google", async () => {
    const before = server.requests.length;
    const err = await geminiAdapter.embed!({ model: "gemini-embedding-001", input: [[1, 2]] }, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 400, retryable: false });
    expect(server.requests.length).toBe(before);
  });
});
