// Test helper: serves the gateway core through BOTH doors on loopback ports, so the same
// test runs against the fast Node door (server.ts) and the Fetch door (route handlers).
import http from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { handleFetchApi } from "@/lib/gateway/http/fetch-door";
import { handleNodeApi } from "@/lib/gateway/http/node-door";

export type Door = "node" | "fetch";
export type ApiServer = { door: Door; baseUrl: string; close(): Promise<void> };

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => {
    const a = server.address();
    resolve(typeof a === "object" && a ? a.port : 0);
  }));
}

function fetchDoorHandler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableEnded) controller.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>) : undefined,
    signal: controller.signal,
    // @ts-expect-error Node's fetch needs duplex for streamed request bodies
    duplex: "half",
  });
  void handleFetchApi(request, (fn) => setImmediate(() => void fn())).then((response) => {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void res.end();
    Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>).pipe(res);
  });
}

/** `port` 0 = any free port (a fixed one lets a restarted server keep its address). */
export async function startApiServer(door: Door, port = 0): Promise<ApiServer> {
  const server = http.createServer((req, res) => {
    if (door === "fetch") return fetchDoorHandler(req, res);
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    handleNodeApi(req, res, q === -1 ? url : url.slice(0, q), q === -1 ? "" : url.slice(q + 1));
  });
  const bound = await listen(server, port);
  return {
    door,
    baseUrl: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
