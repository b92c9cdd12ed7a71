// The portable door: Fetch API Request → the gateway core → Response. Used by the
// app/api/v1 route handlers (next dev, serverless). The caller passes Next's `after`.
import { performance } from "node:perf_hooks";
import { apiSubpath, handleApi } from "@/lib/gateway/router";
import { createRequestId } from "@/lib/ids";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { sendError } from "@/lib/gateway/http/respond";
import {
  bodyTimedOut, bodyTooLarge, ClientClosedError, type ApiRequest, type ApiResponse, type RouteHandler,
} from "@/lib/gateway/http/types";

type After = (fn: () => void | Promise<void>) => void;

/**
 * Reads the body with the same limits as the Node door: 413 past `limit`, 408 when it has
 * not arrived within REQUEST_BODY_TIMEOUT_MS (the reader is then left alone rather than
 * cancelled: cancelling destroys the Node request under it, and the socket with it, before
 * the 408 is out), ClientClosedError when the stream fails (the client went away).
 */
async function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw bodyTooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  const timeoutMs = env().REQUEST_BODY_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(bodyTimedOut(timeoutMs)), timeoutMs);
  });
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await Promise.race([reader.read(), timedOut]);
      } catch (err) {
        if (isAppError(err)) throw err;
        throw new ClientClosedError({ cause: err });
      }
      if (chunk.done) break;
      size += chunk.value.length;
      if (size > limit) {
        await reader.cancel();
        throw bodyTooLarge(limit);
      }
      chunks.push(chunk.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, size);
}

export function handleFetchApi(request: Request, after: After): Promise<Response> {
  return serveFetch(request, after, handleApi);
}

/**
 * The same exchange for one handler outside the route table — the dashboard playground, whose
 * handler brings its own (session-resolved) key instead of reading the Authorization header.
 * Errors answer as the API's do (OpenAI-shaped JSON); streams pass through unbuffered.
 */
export function handleFetchWith(request: Request, after: After, handler: RouteHandler): Promise<Response> {
  return serveFetch(request, after, async (req, res) => {
    res.setHeader("x-request-id", req.requestId);
    try {
      await handler(req, res);
    } catch (err) {
      sendError(req, res, err, "openai");
    }
  });
}

async function serveFetch(request: Request, after: After, handle: RouteHandler): Promise<Response> {
  const startedAt = performance.now();
  const url = new URL(request.url);
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => void (closed = true),
  });
  const headers = new Headers();
  let resolveResponse!: (r: Response) => void;
  const response = new Promise<Response>((r) => (resolveResponse = r));
  let status = 200;
  let headersSent = false;
  const tasks: Array<() => void | Promise<void>> = [];
  let ended = false;

  const send = () => {
    if (headersSent) return;
    headersSent = true;
    const nullBody = status === 204 || status === 304 || request.method === "HEAD";
    resolveResponse(new Response(nullBody ? null : body, { status, headers }));
  };
  const apiRes: ApiResponse = {
    setHeader: (n, v) => headers.set(n, v),
    writeHead: (s) => {
      status = s;
      send();
    },
    write: (chunk) => {
      if (closed) return;
      controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
    },
    end: (chunk) => {
      send();
      if (!closed) {
        if (chunk !== undefined) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
        closed = true;
        controller.close();
      }
      if (!ended) {
        ended = true;
        for (const t of tasks.splice(0)) after(t);
      }
    },
    // The dashboard playground's door (behind Next's ~1 ms route machinery): the literal's
    // getter (~0.6 µs, eslint.config.mjs) does not matter here.
    // eslint-disable-next-line no-restricted-syntax
    get headersSent() {
      return headersSent;
    },
    after: (fn) => (ended ? after(fn) : void tasks.push(fn)),
  };
  const apiReq: ApiRequest = {
    method: request.method,
    path: apiSubpath(url.pathname) ?? url.pathname,
    query: url.searchParams,
    header: (name) => request.headers.get(name) ?? undefined,
    readBody: (limit) => readBody(request, limit),
    signal: request.signal,
    requestId: createRequestId(),
    startedAt,
  };
  void handle(apiReq, apiRes).finally(() => apiRes.end());
  return response;
}
