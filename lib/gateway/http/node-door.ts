// The fast door: plain Node req/res → the gateway core. Used by the API workers (lib/server/api-worker.ts) for /api/v1/*
// and /v1/*, skipping Next's ~1 ms/request route-handler machinery.
import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { ClientSignal } from "@/lib/cancel";
import { logger } from "@/lib/observability/logger";
import { apiSubpath, handleApi } from "@/lib/gateway/router";
import { createRequestId } from "@/lib/ids";
import { env } from "@/lib/env";
import { bodyTimedOut, bodyTooLarge, ClientClosedError, type ApiRequest, type ApiResponse } from "@/lib/gateway/http/types";
import { API_SECURITY_HEADERS } from "@/lib/http/security-headers";

const EMPTY = Buffer.alloc(0);
/** nosniff + no framing on every API answer, errors included: the first entries of each response's header list. */
const SECURITY_HEADER_LIST: readonly string[] = API_SECURITY_HEADERS.flat();

function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer> {
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
  return readStreamedBody(req, res, limit);
}

/**
 * The body still on its way. A client that stalls is answered 408 after
 * REQUEST_BODY_TIMEOUT_MS (Node's own server.requestTimeout is a whole-server setting,
 * checked only every 30 s, and answers without a JSON body); one that leaves gives a
 * ClientClosedError.
 */
function readStreamedBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer> {
  // Gone while we authenticated: its 'close' has fired already and would never fire again.
  if (req.destroyed) return Promise.reject(new ClientClosedError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timeoutMs = env().REQUEST_BODY_TIMEOUT_MS;
    const stop = () => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        stop();
        req.resume();
        reject(bodyTooLarge(limit));
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    // 'error' (ECONNRESET "aborted") and/or 'close' before 'end': the client went away.
    const onGone = (err?: unknown) => {
      stop();
      reject(new ClientClosedError({ cause: err }));
    };
    const timer = setTimeout(() => {
      stop();
      if (res.headersSent || !res.socket?.writable) {
        req.destroy();
        reject(new ClientClosedError());
      } else {
        reject(bodyTimedOut(timeoutMs));
      }
    }, timeoutMs);
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onGone);
    req.once("close", onGone);
  });
}

// The request and response the core sees are class instances, not object literals: on Node 20
// a literal with a getter (`get query()`) is built by a runtime call per object (~0.6 µs) and
// is a slow (dictionary-mode) object for every later property read (docs/performance.md).
class NodeApiRequest implements ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly requestId = createRequestId();
  json?: unknown = undefined;
  jsonText?: string = undefined;
  logged?: boolean = undefined;
  private search: URLSearchParams | null = null; // only the list routes read it

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    pathname: string,
    private readonly rawQuery: string,
    readonly signal: ClientSignal,
    readonly startedAt: number,
  ) {
    this.method = req.method ?? "GET";
    this.path = apiSubpath(pathname) ?? pathname;
  }

  get query(): URLSearchParams {
    return (this.search ??= new URLSearchParams(this.rawQuery));
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name];
    return Array.isArray(v) ? v.join(", ") : v;
  }

  readBody(limit: number): Promise<Buffer> {
    return readBody(this.req, this.res, limit);
  }
}

/** Exported for its wire test (node-door.test.ts). */
export class NodeApiResponse implements ApiResponse {
  private headWritten = false;
  private status = 200;
  /**
   * The headers as [name, value, name, value, …] (callers use lower-case names; a name set
   * again replaces its value), handed to Node's writeHead with the first write. A
   * res.setHeader per header validated, lower-cased and stored a [name, value] pair in a
   * dictionary that the head then walked; writeHead validates each entry as setHeader did.
   */
  private readonly headers: string[] = SECURITY_HEADER_LIST.slice();
  /** Post-response work: runs once the response has finished (or the client has gone). */
  private readonly afterTasks: Array<() => void | Promise<void>> = [];
  private finished = false;

  constructor(private readonly res: ServerResponse) {}

  setHeader(name: string, value: string): void {
    // Past the head, Node's own call throws ERR_HTTP_HEADERS_SENT, as it always did.
    if (this.res.headersSent) {
      this.res.setHeader(name, value);
      return;
    }
    this.put(name, value);
  }

  private put(name: string, value: string): void {
    const h = this.headers;
    for (let i = 0; i < h.length; i += 2) {
      if (h[i] === name) {
        h[i + 1] = value;
        return;
      }
    }
    h.push(name, value);
  }

  // The head goes out with the first body write (one packet, one syscall): every caller
  // writes right after writeHead.
  writeHead(status: number): void {
    this.status = status;
    this.headWritten = true;
  }

  /** Writes the head, with the whole body's length when it is the only write (else chunked). */
  private head(whole: string | Uint8Array | undefined, ending: boolean): void {
    const res = this.res;
    if (res.headersSent) return;
    const s = this.status;
    if (ending && s !== 204 && s !== 304 && s >= 200) {
      const length = whole === undefined ? 0 : typeof whole === "string" ? Buffer.byteLength(whole) : whole.byteLength;
      this.put("content-length", String(length));
    }
    try {
      res.writeHead(s, this.headers);
    } catch (err) {
      // A header Node refuses (setHeader would have thrown when it was set): drop it and
      // reopen the head, so the error answer that follows can still go out.
      this.dropInvalidHeaders();
      this.headWritten = false;
      throw err;
    }
  }

  private dropInvalidHeaders(): void {
    const h = this.headers;
    for (let i = h.length - 2; i >= 0; i -= 2) {
      try {
        validateHeaderName(h[i]!);
        validateHeaderValue(h[i]!, h[i + 1]!);
      } catch {
        h.splice(i, 2);
      }
    }
  }

  // Node corks the socket on a response's first write and uncorks it a tick later; the
  // contract here is write-and-flush (callers write what one tick produced, once that tick's
  // work is done: coalesce.ts), so the bytes leave now instead of one more tick hop later.
  write(chunk: string | Uint8Array): void {
    const res = this.res;
    // Ended: a batch that waited for the loop's turn (coalesce.ts) after an aborted stream was
    // ended directly. Node would emit ERR_STREAM_WRITE_AFTER_END with no listener: a crash.
    if (res.destroyed || res.writableEnded) return;
    this.head(undefined, false);
    res.write(chunk);
    res.socket?.uncork();
  }

  end(chunk?: string | Uint8Array): void {
    if (this.res.writableEnded) return;
    this.head(chunk, true);
    this.res.end(chunk);
  }

  get headersSent(): boolean {
    return this.headWritten || this.res.headersSent;
  }

  after(fn: () => void | Promise<void>): void {
    this.afterTasks.push(fn);
    if (this.finished) setImmediate(runAfter, this.afterTasks);
  }

  /** The response finished or the client left: run what was scheduled (once). */
  flushAfter(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.afterTasks.length) setImmediate(runAfter, this.afterTasks);
  }
}

export function handleNodeApi(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): void {
  const startedAt = performance.now();
  const signal = new ClientSignal();
  const apiRes = new NodeApiResponse(res);
  // Work scheduled after the response has finished runs straight away.
  res.once("finish", () => apiRes.flushAfter());
  // `close` fires on normal completion too: only an unfinished response means the client left.
  res.once("close", () => {
    if (!res.writableEnded) signal.abort();
    apiRes.flushAfter();
  });
  const apiReq = new NodeApiRequest(req, res, pathname, search, signal, startedAt);
  handleApi(apiReq, apiRes).catch((err: unknown) => {
    logger().error({ err: String(err) }, "api door failure");
    if (!res.headersSent) res.writeHead(500, SECURITY_HEADER_LIST.slice());
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
