import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assemble, fixtureReader } from "../testing/fixtures";
import { sendJson, sendSse, startReplayServer, type ReplayServer } from "../testing/replay-server";
import type { CallOptions, CanonicalChunk, CanonicalRequest } from "../types";
import { geminiAdapter } from "./index";

const fx = fixtureReader(import.meta.dirname);
const req: CanonicalRequest = { model: "models/gemini-2.5-flash", stream: false, messages: [{ role: "user", content: "Hi" }] };
let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(() => server.close());
const opts = (): CallOptions => ({ target: { baseUrl: `${server.baseUrl}/v1beta`, apiKey: "AIzaSyTestKey0000000" }, signal: new AbortController().signal });

describe("geminiAdapter over HTTP", () => {
  it("calls generateContent with x-goog-api-key", async () => {
    server.setHandler((_r, res) => sendJson(res, 200, fx.text("text.json")));
    const r = await geminiAdapter.complete(req, opts());
    expect(r.message.content).toContain("strawberry");
    const sent = server.requests.at(-1)!;
    expect(sent.url).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(sent.headers["x-goog-api-key"]).toBe("AIzaSyTestKey0000000");
    expect(sent.url).not.toContain("key=");
  });

  it("streams from streamGenerateContent?alt=sse", async () => {
    server.setHandler((_r, res) => sendSse(res, fx.text("text.sse.txt")));
    const chunks: CanonicalChunk[] = [];
    for await (const c of geminiAdapter.stream({ ...req, stream: true }, opts())) chunks.push(c);
    expect(server.requests.at(-1)!.url).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(assemble(chunks).content).toBe('There are **3** "r"s in strawberry.');
  });

  it("maps 429 with RetryInfo when no retry-after header is sent", async () => {
    server.setHandler((_r, res) => sendJson(res, 429, fx.text("error-429.json")));
    await expect(geminiAdapter.complete(req, opts())).rejects.toMatchObject({ status: 429, retryable: true, retryAfterMs: 34400 });
  });

  it("maps an invalid key (400) as final, without the key in the message", async () => {
    server.setHandler((_r, res) => sendJson(res, 400, fx.text("error-invalid-key.json")));
    const err = await geminiAdapter.complete(req, opts()).catch((e: Error) => e);
    expect(err).toMatchObject({ status: 400, retryable: false });
    expect(err.message).toContain("API key not valid");
    expect(err.message).not.toContain("AIzaSyTestKey0000000");
  });
});
