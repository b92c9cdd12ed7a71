// The fast door's responses on the wire: its header list goes to Node's writeHead in one call
// (node-door.ts), so the head must say what a setHeader per header said: every header once,
// the last value set winning, the security headers first, a content-length on a whole body and
// chunked framing on a stream, and Node's own refusal of a header set after the head.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { NodeApiResponse } from "@/lib/gateway/http/node-door";

let server: http.Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

type Wire = { status: number; headers: http.IncomingHttpHeaders; raw: string[]; body: string };

async function serve(handler: (res: NodeApiResponse) => void | Promise<void>): Promise<Wire> {
  server = http.createServer((_req, res) => void handler(new NodeApiResponse(res)));
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: "/" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, raw: res.rawHeaders, body }));
    }).on("error", reject);
  });
}

describe("NodeApiResponse on the wire", () => {
  it("sends a whole body with its length, the security headers first, each header once with its last value", async () => {
    const text = JSON.stringify({ ok: "café ✓" });
    const w = await serve((res) => {
      res.setHeader("x-ratelimit-remaining", "9");
      res.setHeader("content-type", "application/json");
      res.setHeader("x-ratelimit-remaining", "8");
      res.writeHead(201);
      res.end(text);
    });
    expect(w.status).toBe(201);
    expect(w.body).toBe(text);
    expect(w.headers["content-length"]).toBe(String(Buffer.byteLength(text)));
    expect(w.headers["transfer-encoding"]).toBeUndefined();
    expect(w.raw.slice(0, 6).filter((_, i) => i % 2 === 0)).toEqual(["x-content-type-options", "x-frame-options", "content-security-policy"]);
    expect(w.headers["x-ratelimit-remaining"]).toBe("8");
    expect(w.raw.filter((h) => h === "x-ratelimit-remaining")).toHaveLength(1);
  });

  it("streams with chunked framing and the headers set before the first write", async () => {
    const w = await serve(async (res) => {
      res.setHeader("content-type", "text/event-stream; charset=utf-8");
      res.writeHead(200);
      res.write("data: 1\n\n");
      await new Promise((r) => setTimeout(r, 5));
      res.write("data: 2\n\n");
      res.end();
    });
    expect(w.body).toBe("data: 1\n\ndata: 2\n\n");
    expect(w.headers["transfer-encoding"]).toBe("chunked");
    expect(w.headers["content-length"]).toBeUndefined();
    expect(w.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("ends an empty answer with content-length 0, honours connection: close, and refuses a header after the head", async () => {
    let late: unknown = null;
    const w = await serve((res) => {
      res.setHeader("connection", "close");
      res.writeHead(408);
      res.end();
      try {
        res.setHeader("x-late", "1");
      } catch (err) {
        late = err;
      }
    });
    expect(w.status).toBe(408);
    expect(w.headers["content-length"]).toBe("0");
    expect(w.headers.connection).toBe("close");
    expect((late as { code?: string } | null)?.code).toBe("ERR_HTTP_HEADERS_SENT");
  });

  it("refuses a header value Node refuses, before anything is sent", async () => {
    let refused: unknown = null;
    const w = await serve((res) => {
      res.setHeader("x-bad", "a\r\nb");
      res.writeHead(200);
      try {
        res.end("never");
      } catch (err) {
        refused = err;
        // What sendError does next: the head is open again, without the refused header.
        expect(res.headersSent).toBe(false);
        res.writeHead(500);
        res.end("{}");
      }
    });
    expect((refused as { code?: string } | null)?.code).toBe("ERR_INVALID_CHAR");
    expect(w.status).toBe(500);
    expect(w.body).toBe("{}");
    expect(w.headers["content-length"]).toBe("2");
    expect(w.headers["x-bad"]).toBeUndefined();
    expect(w.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("drops a write that comes after the end (a batch flushed after an aborted stream ended) without an error event", async () => {
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on("uncaughtException", onError);
    try {
      const w = await serve((res) => {
        res.writeHead(200);
        res.write("data: 1\n\n");
        res.end();
        res.write("data: late\n\n");
      });
      await new Promise((r) => setTimeout(r, 20));
      expect(w.body).toBe("data: 1\n\n");
      expect(errors).toEqual([]);
    } finally {
      process.off("uncaughtException", onError);
    }
  });
});
