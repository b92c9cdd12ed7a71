// The gateway's own minimal request/response surface. Both doors (plain Node in server.ts,
// Fetch API in app/api/v1 route handlers) adapt to it, so the core never imports Next.js.
import type { Cancel } from "@/lib/cancel";
import { AppError } from "@/lib/errors";

export type ApiRequest = {
  method: string;
  /** Path below the API base, e.g. "/chat/completions" (from /api/v1/... or /v1/...). */
  path: string;
  query: URLSearchParams;
  /** Lower-case header name → value. */
  header(name: string): string | undefined;
  /**
   * Reads the whole body, refusing (413) past `limit` bytes and (408) when it has not arrived
   * within REQUEST_BODY_TIMEOUT_MS; a client that leaves mid-body gives a ClientClosedError.
   */
  readBody(limit: number): Promise<Buffer>;
  /** Fires when the client goes away before the response has ended. */
  signal: Cancel;
  requestId: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /**
   * The parsed JSON body once readJson has accepted it (unset before, and for a body it
   * refused). Read only after a refused call, by the refusal log (lib/gateway/refusals): one
   * property store on the way in, where a lookup table would cost every request.
   */
  json?: unknown;
  /** The text `json` was parsed from (at most MAX_BODY_CHARS long): the log row stores it as is. */
  jsonText?: string;
  /**
   * Set (after the response) by whatever queued this request's own log row — the chat and
   * embeddings pipelines, an orchestration call — so the refusal log writes no second one.
   */
  logged?: boolean;
};

/** The 413 every door's readBody refuses with past its limit. */
export function bodyTooLarge(limit: number): AppError {
  return new AppError("request_too_large", `Request body exceeds ${limit} bytes.`);
}

/**
 * The 408 for a body that did not arrive in time. The rest of it is never read, so the
 * connection cannot carry another request: it is closed after the answer.
 */
export function bodyTimedOut(ms: number): AppError {
  return new AppError("request_timeout", `The request body was not received within ${ms / 1000} s.`, null,
    { connection: "close" });
}

/**
 * The client went away before its request body was complete. Nobody is left to answer and
 * nothing went wrong on our side: logged at info, never as a server error.
 */
export class ClientClosedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("The client closed the connection before sending the whole request body.", options);
    this.name = "ClientClosedError";
  }
}

export interface ApiResponse {
  setHeader(name: string, value: string): void;
  writeHead(status: number): void;
  /** Writes (and flushes) a chunk of the body; headers must have been written. */
  write(chunk: string | Uint8Array): void;
  end(chunk?: string | Uint8Array): void;
  readonly headersSent: boolean;
  /** Schedules work to run after the response has finished (settlement, logs, metrics). */
  after(fn: () => void | Promise<void>): void;
}

export type RouteHandler = (req: ApiRequest, res: ApiResponse) => Promise<void>;

/** Which error dialect a route answers in. */
export type ErrorDialect = "openai" | "anthropic";
