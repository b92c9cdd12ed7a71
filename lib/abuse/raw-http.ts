// Raw HTTP for the abuse suite: any method, an unnormalised path, exact body bytes and
// headers (fetch would normalise paths, re-encode bodies and refuse some methods). Every
// request has a deadline, so a stalled server fails the property instead of hanging the run.
import http from "node:http";

export type RawRequest = {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** false: send the body chunked, without a content-length. */
  contentLength?: boolean;
};

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string };

// A connection per request: a reused keep-alive socket that the server is just closing
// (idle timeout, or after a refused upload) would fail a property with an ECONNRESET that
// says nothing about the answer.
const agent = new http.Agent({ keepAlive: false });
const DEADLINE_MS = 20_000;

export function rawRequest(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = typeof r.body === "string" ? Buffer.from(r.body, "utf8") : r.body;
  const headers: Record<string, string> = { ...r.headers };
  if (body && r.contentLength !== false) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    let answer: { res: http.IncomingMessage; chunks: Buffer[] } | null = null;
    const done = () => answer && resolve({
      status: answer.res.statusCode ?? 0, headers: answer.res.headers, text: Buffer.concat(answer.chunks).toString("utf8"),
    });
    const req = http.request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent }, (res) => {
      answer = { res, chunks: [] };
      res.on("data", (c: Buffer) => answer!.chunks.push(c));
      res.on("end", done);
      res.on("error", (err) => (answer ? done() : reject(err)));
    });
    req.setTimeout(DEADLINE_MS, () => req.destroy(new Error(`no answer within ${DEADLINE_MS} ms: ${r.method} ${r.path.slice(0, 200)}`)));
    // A server may answer (413) and close while the body is still going out: that answer counts.
    req.on("error", (err) => (answer ? done() : reject(err)));
    req.end(body);
  });
}

export function closeRawAgent(): void {
  agent.destroy();
}
