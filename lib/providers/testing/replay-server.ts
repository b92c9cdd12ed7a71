// A tiny node:http server for HTTP-level adapter tests: records each request (with the id
// of the socket it came on, to observe keep-alive) and lets the test script the answer.
import { setTimeout as sleep } from "node:timers/promises";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type RecordedRequest = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  socketId: number;
};

export type ReplayHandler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export type ReplayServer = {
  baseUrl: string;
  requests: RecordedRequest[];
  /** How many client connections have closed so far (client aborts, destroyed sockets). */
  closedConnections: () => number;
  setHandler(handler: ReplayHandler): void;
  close(): Promise<void>;
};

export async function startReplayServer(initial?: ReplayHandler): Promise<ReplayServer> {
  let handler: ReplayHandler =
    initial ??
    ((_req, res) => {
      res.end();
    });
  const requests: RecordedRequest[] = [];
  const socketIds = new WeakMap<Socket, number>();
  const sockets = new Set<Socket>();
  let nextSocket = 0;
  let closed = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        socketId: socketIds.get(req.socket) ?? -1,
      };
      requests.push(recorded);
      void Promise.resolve(handler(recorded, res)).catch(() => res.destroy());
    });
  });
  server.on("connection", (socket) => {
    socketIds.set(socket, nextSocket++);
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      closed++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    closedConnections: () => closed,
    setHandler(h) {
      handler = h;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}


/**
 * Writes raw SSE text event by event (split on blank lines), optionally pausing between
 * events, and ends the response unless `keepOpen`.
 */
export async function sendSse(
  res: ServerResponse,
  text: string,
  opts: { delayMs?: number; keepOpen?: boolean; headers?: Record<string, string> } = {},
): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", ...opts.headers });
  const events = text.split(/(?<=\r?\n\r?\n)/);
  for (const e of events) {
    if (res.destroyed) return;
    res.write(e);
    if (opts.delayMs) await sleep(opts.delayMs);
  }
  if (!opts.keepOpen) res.end();
}
