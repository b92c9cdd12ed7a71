// HTTP-level tests of the OpenAI adapter (and with it, the shared transport in ../http):
// a local node:http server replays recorded fixtures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureReader } from "../testing/fixtures";
import { sendJson, sendSse, startReplayServer, type ReplayServer } from "../testing/replay-server";
import type { CallOptions, CanonicalChunk, CanonicalRequest } from "../types";
import { UpstreamError } from "../types";
import { openaiAdapter } from "./index";

const fx = fixtureReader(import.meta.dirname);
const req: CanonicalRequest = { model: "gpt-4o-mini", stream: false, messages: [{ role: "user", content: "Hi" }], max_tokens: 50 };
let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});

function opts(extra: Partial<CallOptions> = {}, apiKey = "sk-test-key-1234567890abcdef"): CallOptions {
  return { target: { baseUrl: `${server.baseUrl}/v1/`, apiKey }, signal: new AbortController().signal, ...extra };
}

async function collect(iter: AsyncIterable<CanonicalChunk>): Promise<CanonicalChunk[]> {
  const out: CanonicalChunk[] = [];
  for await (const c of iter) out.push(c);
  return out;
}

async function caught(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UpstreamError);
    return err as UpstreamError;
  }
  throw new Error("expected a rejection");
}

describe("openaiAdapter.complete", () => {
  it("posts the wire request and maps the answer", async () => {
    server.setHandler((_r, res) => sendJson(res, 200, fx.text("text.json")));
    const r = await openaiAdapter.complete(req, opts());
    expect(r.message.content).toContain("wooden boardwalk");
    const sent = server.requests.at(-1)!;
    expect(sent.method).toBe("POST");
    expect(sent.url).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe("Bearer sk-test-key-1234567890abcdef");
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent.body)).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], max_completion_tokens: 50 });
  });

  it("reuses keep-alive connections", async () => {
    const own = await startReplayServer((_r, res) => sendJson(res, 200, fx.text("text.json")));
    const o = { ...opts(), target: { baseUrl: own.baseUrl, apiKey: "k" } };
    for (let i = 0; i < 6; i++) await openaiAdapter.complete(req, o);
    // undici may open a second socket while the first is being released, never one per call.
    expect(new Set(own.requests.map((r) => r.socketId)).size).toBeLessThanOrEqual(2);
    await own.close();
  });

  it("maps 429 with retry-after-ms to a retryable error", async () => {
    server.setHandler((_r, res) => sendJson(res, 429, fx.text("error-rate-limit.json"), { "retry-after-ms": "1500.5", "retry-after": "2" }));
    const err = await caught(openaiAdapter.complete(req, opts()));
    expect(err).toMatchObject({ status: 429, kind: "http", retryable: true, retryAfterMs: 1501 });
    expect(err.message).toContain("Rate limit reached for gpt-4o-mini");
  });

  it("maps 401 to a final error without echoing the key", async () => {
    server.setHandler((_r, res) => sendJson(res, 401, fx.text("error-invalid-key.json")));
    const err = await caught(openaiAdapter.complete(req, opts()));
    expect(err).toMatchObject({ status: 401, retryable: false });
    expect(err.message).toContain("invalid_request_error");
    expect(err.message).not.toContain("sk-test-key-1234567890abcdef");
  });

  it("keeps a non-JSON error body as the message, retryable on 5xx", async () => {
    server.setHandler((_r, res) => {
      res.writeHead(503, { "content-type": "text/html", "retry-after": "3" });
      res.end("<html>upstream connect error</html>");
    });
    const err = await caught(openaiAdapter.complete(req, opts()));
    expect(err).toMatchObject({ status: 503, retryable: true, retryAfterMs: 3000 });
    expect(err.message).toContain("upstream connect error");
  });

  it("rejects a 200 that is not JSON as invalid_response", async () => {
    server.setHandler((_r, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("definitely not json");
    });
    const err = await caught(openaiAdapter.complete(req, opts()));
    expect(err).toMatchObject({ kind: "invalid_response", status: 502, retryable: true });
  });

  it("times out waiting for the first byte", async () => {
    server.setHandler(async (_r, res) => {
      await new Promise((r) => setTimeout(r, 400));
      if (!res.destroyed) sendJson(res, 200, fx.text("text.json"));
    });
    const started = Date.now();
    const err = await caught(openaiAdapter.complete(req, opts({ timeouts: { firstByte: 80 } })));
    expect(err).toMatchObject({ kind: "timeout", status: null, retryable: true });
    expect(Date.now() - started).toBeLessThan(350);
  });

  it("reports a refused connection as a retryable network error", async () => {
    const dead = await startReplayServer();
    const url = dead.baseUrl;
    await dead.close();
    const err = await caught(openaiAdapter.complete(req, { ...opts(), target: { baseUrl: url, apiKey: "k" } }));
    expect(err).toMatchObject({ kind: "network", status: null, retryable: true });
  });

  it("does not call upstream when the client is already gone", async () => {
    const before = server.requests.length;
    const ac = new AbortController();
    ac.abort();
    const err = await caught(openaiAdapter.complete(req, opts({ signal: ac.signal })));
    expect(err).toMatchObject({ kind: "aborted", retryable: false });
    expect(server.requests.length).toBe(before);
  });
});

describe("openaiAdapter.stream", () => {
  it("sends stream_options and yields each chunk as soon as it arrives", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sse = fx.text("text.sse.txt");
    const cut = sse.indexOf("data:", sse.indexOf("data:") + 1);
    server.setHandler(async (_r, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(sse.slice(0, cut)); // only the role chunk
      await gate;
      res.end(sse.slice(cut));
    });
    const iter = openaiAdapter.stream({ ...req, stream: true }, opts())[Symbol.asyncIterator]();
    const first = await iter.next(); // resolves while the server is still holding the rest
    expect(first.value).toMatchObject({ delta: { role: "assistant" } });
    release();
    const rest: CanonicalChunk[] = [];
    for (let n = await iter.next(); !n.done; n = await iter.next()) rest.push(n.value);
    expect(rest.at(-1)?.usage?.total_tokens).toBe(29);
    expect(JSON.parse(server.requests.at(-1)!.body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(server.requests.at(-1)!.headers.accept).toBe("text/event-stream");
  });

  it("returns the socket to the pool after [DONE]", async () => {
    // The server lingers after [DONE] before ending the body: we must not wait for it, and
    // must not kill the socket either.
    const ended: number[] = [];
    const own = await startReplayServer(async (_r, res) => {
      await sendSse(res, fx.text("text.sse.txt"), { keepOpen: true });
      setTimeout(() => {
        res.end();
        ended.push(Date.now());
      }, 150);
    });
    const o = { ...opts(), target: { baseUrl: own.baseUrl, apiKey: "k" } };
    for (let i = 0; i < 3; i++) {
      await collect(openaiAdapter.stream({ ...req, stream: true }, o));
      expect(ended.length).toBe(i); // finished before the server ended the body
      await expect.poll(() => ended.length).toBe(i + 1);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(new Set(own.requests.map((r) => r.socketId)).size).toBe(1);
    expect(own.closedConnections()).toBe(0);
    await own.close();
  });

  it("aborts the upstream request mid-stream when the client disconnects", async () => {
    server.setHandler((_r, res) => sendSse(res, fx.text("text.sse.txt"), { delayMs: 40, keepOpen: true }));
    const ac = new AbortController();
    const closedBefore = server.closedConnections();
    const seen: CanonicalChunk[] = [];
    const err = await caught(
      (async () => {
        for await (const c of openaiAdapter.stream({ ...req, stream: true }, opts({ signal: ac.signal }))) {
          seen.push(c);
          if (seen.length === 2) ac.abort();
        }
      })(),
    );
    expect(err).toMatchObject({ kind: "aborted", retryable: false });
    expect(seen.length).toBe(2);
    await expect.poll(() => server.closedConnections()).toBeGreaterThan(closedBefore);
  });

  it("closes the upstream connection when the consumer stops early", async () => {
    server.setHandler((_r, res) => sendSse(res, fx.text("text.sse.txt"), { delayMs: 30, keepOpen: true }));
    const closedBefore = server.closedConnections();
    for await (const c of openaiAdapter.stream({ ...req, stream: true }, opts())) {
      if (c.delta.content) break;
    }
    await expect.poll(() => server.closedConnections()).toBeGreaterThan(closedBefore);
  });

  it("maps a connection cut: retryable before the first chunk, final after", async () => {
    server.setHandler((_r, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.flushHeaders();
      setTimeout(() => res.destroy(), 20);
    });
    const early = await caught(collect(openaiAdapter.stream({ ...req, stream: true }, opts())));
    expect(early.retryable).toBe(true);

    const sse = fx.text("text.sse.txt");
    server.setHandler((_r, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(sse.slice(0, 900));
      setTimeout(() => res.destroy(), 20);
    });
    const late = await caught(collect(openaiAdapter.stream({ ...req, stream: true }, opts())));
    expect(late).toMatchObject({ kind: "network", retryable: false });
  });

  it("delivers chunks before an in-band error, then fails without retry", async () => {
    server.setHandler((_r, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fx.text("stream-error.sse.txt")); // one write: content and error in one packet
    });
    const seen: CanonicalChunk[] = [];
    const err = await caught(
      (async () => {
        for await (const c of openaiAdapter.stream({ ...req, stream: true }, opts())) seen.push(c);
      })(),
    );
    expect(seen.map((c) => c.delta.content)).toEqual(["", "Partial"]);
    expect(err).toMatchObject({ status: 500, kind: "http", retryable: false });
  });

  it("delivers the events framed before an oversized one, then fails without retry", async () => {
    const head = fx.text("text.sse.txt").split("\n\n").slice(0, 2).join("\n\n") + "\n\n";
    server.setHandler((_r, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      // One write: two good events, then a line past the 16 MB event limit.
      res.end(head + "data: " + "x".repeat(16 * 1024 * 1024 + 1));
    });
    const seen: CanonicalChunk[] = [];
    const err = await caught(
      (async () => {
        for await (const c of openaiAdapter.stream({ ...req, stream: true }, opts())) seen.push(c);
      })(),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(err).toMatchObject({ kind: "invalid_response", retryable: false, message: expect.stringContaining("buffer limit") });
  });

  it("decodes characters whose UTF-8 bytes are split across reads", async () => {
    const text = "héllo 👋 世界";
    const event = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini",
        choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const bytes = Buffer.from(event({ role: "assistant", content: text }) + event({}, "stop") + "data: [DONE]\n\n");
    server.setHandler(async (_r, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      // One byte per write: every multi-byte character arrives in pieces.
      for (const b of bytes) {
        res.write(Buffer.from([b]));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    const chunks = await collect(openaiAdapter.stream({ ...req, stream: true }, opts()));
    expect(chunks.map((c) => c.delta.content ?? "").join("")).toBe(text);
  });

  it("treats a clean end without [DONE] or finish_reason as invalid_response", async () => {
    const sse = fx.text("text.sse.txt").split("\n\n").slice(0, 3).join("\n\n") + "\n\n";
    server.setHandler((_r, res) => sendSse(res, sse));
    const err = await caught(collect(openaiAdapter.stream({ ...req, stream: true }, opts())));
    expect(err).toMatchObject({ kind: "invalid_response", status: 502, retryable: false });
  });

  it("applies the first-byte timeout to the body of a stream, not just its headers", async () => {
    server.setHandler(async (_r, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.flushHeaders();
      await new Promise((r) => setTimeout(r, 300));
      if (!res.destroyed) await sendSse(res, fx.text("text.sse.txt"));
    });
    const err = await caught(collect(openaiAdapter.stream({ ...req, stream: true }, opts({ timeouts: { firstByte: 80 } }))));
    expect(err).toMatchObject({ kind: "timeout", retryable: true, message: expect.stringContaining("first-byte") });
  });

  it("times out a stream that exceeds its total budget", async () => {
    server.setHandler((_r, res) => sendSse(res, fx.text("text.sse.txt"), { delayMs: 60, keepOpen: true }));
    const err = await caught(collect(openaiAdapter.stream({ ...req, stream: true }, opts({ timeouts: { total: 150 } }))));
    expect(err).toMatchObject({ kind: "timeout", retryable: false }); // chunks were already yielded
    expect(err.message).toContain("total timeout");
  });

  it("maps HTTP errors and JSON answers on stream requests", async () => {
    server.setHandler((_r, res) => sendJson(res, 500, { error: { message: "boom", type: "server_error" } }));
    expect(await caught(collect(openaiAdapter.stream({ ...req, stream: true }, opts())))).toMatchObject({ status: 500, retryable: true });
    server.setHandler((_r, res) => sendJson(res, 200, fx.text("text.json")));
    expect(await caught(collect(openaiAdapter.stream({ ...req, stream: true }, opts())))).toMatchObject({ kind: "invalid_response", retryable: true });
  });
});
