// The fast door: plain Node req/res → the gateway core. Used by server.ts for /api/v1/*
// and /v1/*, skipping Next's ~1 ms/request route-handler machinery.
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { logger } from "@/lib/observability/logger";
import { apiSubpath, handleApi, newRequestId } from "@/lib/gateway/router";
import { bodyTooLarge, type ApiRequest, type ApiResponse } from "@/lib/gateway/http/types";

const EMPTY = Buffer.alloc(0);

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.resume(); // drain so the connection can be reused
    return Promise.reject(bodyTooLarge(limit));
  }
  if (req.complete && req.readableFlowing === null) {
    // Usually the body came in the same packet as the headers and the parser has already
    // buffered all of it: one synchronous read instead of a trip through flowing mode
    // ('data', then 'end' a tick later), which was ~0.07 ms of a cold request at c=1.
    const body = (req.read() as Buffer | null) ?? EMPTY;
    if (body.length > limit) return Promise.reject(bodyTooLarge(limit));
    return Promise.resolve(body);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(bodyTooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once("error", reject);
  });
}

export function handleNodeApi(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): void {
  const startedAt = performance.now();
  const controller = new AbortController();
  // Post-response work runs once the response has finished (or the client has gone);
  // work scheduled after that point runs straight away.
  const afterTasks: Array<() => void | Promise<void>> = [];
  let finished = false;
  const flushAfter = () => {
    if (finished) return;
    finished = true;
    if (afterTasks.length) setImmediate(runAfter, afterTasks);
  };
  res.once("finish", flushAfter);
  // `close` fires on normal completion too: only an unfinished response means the client left.
  res.once("close", () => {
    if (!res.writableEnded) controller.abort();
    flushAfter();
  });

  let query: URLSearchParams | undefined; // only the list routes read it
  const apiReq: ApiRequest = {
    method: req.method ?? "GET",
    path: apiSubpath(pathname) ?? pathname,
    get query() {
      return (query ??= new URLSearchParams(search));
    },
    header: (name) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(", ") : v;
    },
    readBody: (limit) => readBody(req, limit),
    signal: controller.signal,
    requestId: newRequestId(),
    startedAt,
  };
  let headWritten = false;
  const apiRes: ApiResponse = {
    setHeader: (n, v) => res.setHeader(n, v),
    // The head goes out with the first body write (one packet, one syscall): every caller
    // writes right after writeHead. Left to Node's implicit head, a whole-body `end(text)`
    // gets a content-length instead of chunked framing.
    writeHead: (status) => {
      res.statusCode = status;
      headWritten = true;
    },
    // Node corks the socket for the rest of the tick on a response's first write; the
    // contract here is write-and-flush (callers already join what one tick produces), so the
    // head and first event leave now instead of after the rest of the upstream read is done.
    write: (chunk) => {
      if (res.destroyed) return;
      res.write(chunk);
      res.socket?.uncork();
    },
    end: (chunk) => {
      if (!res.writableEnded) res.end(chunk);
    },
    get headersSent() {
      return headWritten || res.headersSent;
    },
    after: (fn) => {
      afterTasks.push(fn);
      if (finished) setImmediate(runAfter, afterTasks);
    },
  };
  handleApi(apiReq, apiRes).catch((err: unknown) => {
    logger().error({ err: String(err) }, "api door failure");
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
}

function runAfter(tasks: Array<() => void | Promise<void>>): void {
  for (const t of tasks.splice(0)) {
    try {
      const p = t();
      if (p) p.catch((err: unknown) => logger().error({ err: String(err) }, "post-response task failed"));
    } catch (err) {
      logger().error({ err: String(err) }, "post-response task failed");
    }
  }
}
