// Test helper: a throwaway HTTP server on 127.0.0.1 that answers every request with a
// scripted reply, writing SSE bodies piece by piece (each event split in two writes) so the
// official SDKs' stream parsers see realistic TCP framing. Also records request bodies.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedReply = {
  status?: number;
  headers?: Record<string, string>;
  /** Written in order; SSE events are split mid-way to exercise partial reads. */
  chunks: string[];
};

export type LocalServer = {
  url: string;
  requests: unknown[];
  close(): Promise<void>;
};

export async function startLocalServer(reply: (requestBody: unknown) => ScriptedReply): Promise<LocalServer> {
  const requests: unknown[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (raw += d));
    req.on("end", () => {
      const body: unknown = raw ? JSON.parse(raw) : null;
      requests.push(body);
      void writeReply(res, reply(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function writeReply(res: http.ServerResponse, reply: ScriptedReply): Promise<void> {
  res.writeHead(reply.status ?? 200, reply.headers ?? { "content-type": "text/event-stream" });
  for (const chunk of reply.chunks) {
    // Split on bytes, not characters: a multi-byte character may straddle two reads.
    const bytes = Buffer.from(chunk, "utf8");
    const half = Math.floor(bytes.length / 2);
    res.write(bytes.subarray(0, half));
    await new Promise((r) => setImmediate(r));
    res.write(bytes.subarray(half));
  }
  res.end();
}

/** JSON reply helper. */
export function jsonReply(status: number, body: unknown): ScriptedReply {
  return { status, headers: { "content-type": "application/json" }, chunks: [JSON.stringify(body)] };
}
