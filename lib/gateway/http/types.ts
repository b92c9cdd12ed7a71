// The gateway's own minimal request/response surface. Both doors (plain Node in server.ts,
// Fetch API in app/api/v1 route handlers) adapt to it, so the core never imports Next.js.
import { AppError } from "@/lib/errors";

export type ApiRequest = {
  method: string;
  /** Path below the API base, e.g. "/chat/completions" (from /api/v1/... or /v1/...). */
  path: string;
  query: URLSearchParams;
  /** Lower-case header name → value. */
  header(name: string): string | undefined;
  /** Reads the whole body, refusing (413) past `limit` bytes. */
  readBody(limit: number): Promise<Buffer>;
  /** Fires when the client goes away before the response has ended. */
  signal: AbortSignal;
  requestId: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
};

/** The 413 every door's readBody refuses with past its limit. */
export function bodyTooLarge(limit: number): AppError {
  return new AppError("request_too_large", `Request body exceeds ${limit} bytes.`);
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
