// Performance trick (docs/performance.md, "Performance tricks and what they earn"): one
// upstream HTTP exchange on undici's handler-level `dispatch` API instead of `request()`.
// undici's `request()` wraps every answer in a Node Readable, parses every header into an
// object and adds its own abort-signal listeners, per request. Here the body arrives as raw
// chunks — collected whole for JSON, pulled one by one for streams — and headers are parsed
// only when someone asks for them. exchange.test.ts checks it against `request()`.
import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";

/** Buffered but unread stream bytes above which the upstream socket is paused. */
const HIGH_WATER_BYTES = 64 * 1024;

type Waiter = { resolve: () => void; reject: (err: unknown) => void };

export type ExchangeRequest = {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** undici's headers and idle-body timeouts (ms). */
  idleTimeoutMs: number;
};

export class UpstreamExchange {
  status = 0;
  private rawHeaders: Buffer[] = [];
  private parsedHeaders: IncomingHttpHeaders | null = null;
  private abortFn: ((err: Error) => void) | null = null;
  private abortReason: Error | null = null;
  private resumeFn: (() => void) | null = null;
  private readonly chunks: Buffer[] = [];
  private queued = 0;
  private paused = false;
  /** text() reads the body whole: no high-water pause. */
  private wholeBody = false;
  private gotHead = false;
  private ended = false;
  private failure: unknown = null;
  private waiter: Waiter | null = null;
  /** Draining after the reader is done: bytes are dropped, past `drainLimit` the socket is. */
  private isDraining = false;
  private drainLimit = 0;

  constructor(dispatcher: Dispatcher, req: ExchangeRequest) {
    dispatcher.dispatch(
      {
        origin: req.origin,
        path: req.path,
        method: "POST",
        headers: req.headers,
        body: req.body,
        headersTimeout: req.idleTimeoutMs,
        bodyTimeout: req.idleTimeoutMs,
      },
      this as unknown as Dispatcher.DispatchHandler,
    );
  }

  // ── undici's handler interface (called by undici) ──

  onConnect(abort: (err: Error) => void): void {
    if (this.abortReason) abort(this.abortReason);
    else this.abortFn = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void): boolean {
    this.status = status;
    this.rawHeaders = rawHeaders;
    this.resumeFn = resume;
    this.gotHead = true;
    this.wake();
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.isDraining) {
      this.drainLimit -= chunk.length;
      if (this.drainLimit < 0) this.abort(new Error("upstream body too long to drain"));
      return true;
    }
    this.chunks.push(chunk);
    this.queued += chunk.length;
    this.wake();
    if (this.queued > HIGH_WATER_BYTES && !this.wholeBody) this.paused = true;
    return !this.paused;
  }

  onComplete(): void {
    this.ended = true;
    this.wake();
  }

  onError(err: Error): void {
    this.failure ??= err;
    this.ended = true;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(this.failure);
  }

  // ── what callers use ──

  /** Resolves once the status and headers are in. */
  head(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return this.gotHead ? Promise.resolve() : this.wait();
  }

  headers(): IncomingHttpHeaders {
    return (this.parsedHeaders ??= parseRawHeaders(this.rawHeaders));
  }

  /** One header (`name` lower-case), repeated values joined by ", ": what headers() gives, read
   *  from the raw list without parsing the rest. A stream's content-type check decoded all ~9
   *  names and values into an object (~8 µs of a stream's ~310 in the profile); a name of
   *  another length cannot match (latin1 is one character per byte), so most are skipped undecoded. */
  header(name: string): string {
    const raw = this.rawHeaders;
    let out: string | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const n = raw[i]!;
      if (n.length !== name.length || n.toString("latin1").toLowerCase() !== name) continue;
      const v = raw[i + 1]!.toString("latin1");
      out = out === undefined ? v : `${out}, ${v}`;
    }
    return out ?? "";
  }

  /** The whole body as UTF-8 text. */
  async text(): Promise<string> {
    // The whole body is wanted: the stream high-water mark must not pause the socket (it
    // would wait forever for bytes it stopped), and a pause already taken is lifted.
    this.wholeBody = true;
    if (this.paused) {
      this.paused = false;
      this.resumeFn?.();
    }
    while (!this.ended) await this.wait();
    if (this.failure !== null) throw this.failure;
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.queued);
    this.chunks.length = 0;
    this.queued = 0;
    return body.toString("utf8");
  }

  /** The next body chunk, or null at the end. Never buffers more than ~64 KB unread. */
  async nextChunk(): Promise<Buffer | null> {
    while (this.chunks.length === 0) {
      if (this.failure !== null) throw this.failure;
      if (this.ended) return null;
      await this.wait();
    }
    const chunk = this.chunks.shift()!;
    this.queued -= chunk.length;
    if (this.paused && this.queued <= HIGH_WATER_BYTES / 2) {
      this.paused = false;
      this.resumeFn?.();
    }
    return chunk;
  }

  /** The reader is done: let the rest (normally the chunked terminator) drain so the socket returns to the pool. */
  drain(limit: number): void {
    if (this.ended) return;
    this.isDraining = true;
    this.drainLimit = limit - this.queued;
    this.chunks.length = 0;
    this.queued = 0;
    if (this.paused) {
      this.paused = false;
      this.resumeFn?.();
    }
  }

  /** True once `drain` has handed the rest of the body back to the pool. */
  get draining(): boolean {
    return this.isDraining;
  }

  /** Stops the exchange (closes the upstream connection) unless it has already ended. */
  abort(reason?: Error): void {
    if (this.ended) return;
    // The default error is made here, not as a parameter default: every finished call comes
    // through this no-op path, and an Error's stack capture was 4 % of a stream's CPU.
    reason ??= new Error("upstream exchange aborted");
    if (this.abortFn) this.abortFn(reason);
    else this.abortReason ??= reason;
  }

  private wait(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private wake(): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w.resolve();
    }
  }
}

function parseRawHeaders(raw: Buffer[]): IncomingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString("latin1").toLowerCase();
    const value = raw[i + 1]!.toString("latin1");
    const prev = out[name];
    if (prev === undefined) out[name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[name] = [prev, value];
  }
  return out as IncomingHttpHeaders;
}
