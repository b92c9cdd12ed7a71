// One upstream attempt's lifecycle: stopping its exchange when the client disconnects or one
// of our timers fires, and the mapping of transport failures to UpstreamError.
//   connect    — undici Agent connect timeout (see agent.ts)
//   firstByte  — until the response headers (complete) / the first body bytes (stream)
//   total      — the whole attempt, body included
import { UpstreamError } from "../types";
import type { CallOptions } from "../types";
import type { UpstreamExchange } from "./fast-path/exchange";

type AbortCause = "client" | "first_byte" | "total";

/** Fallback for undici's own header/idle-body timers when the caller sets no total. */
export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;

export class UpstreamAttempt {
  private exchange: UpstreamExchange | null = null;
  private cause: AbortCause | null = null;
  private firstByteTimer: NodeJS.Timeout | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private readonly onClientAbort = (): void => this.abort("client");

  constructor(
    private readonly opts: CallOptions,
    private readonly label: string,
  ) {
    if (opts.signal.aborted) {
      this.cause = "client";
      return;
    }
    opts.signal.addEventListener("abort", this.onClientAbort, { once: true });
    const t = opts.timeouts;
    if (t?.total && t.total > 0) {
      this.totalTimer = setTimeout(() => this.abort("total"), t.total);
      this.totalTimer.unref();
    }
    if (t?.firstByte && t.firstByte > 0) {
      this.firstByteTimer = setTimeout(() => this.abort("first_byte"), t.firstByte);
      this.firstByteTimer.unref();
    }
  }

  /** The exchange our aborts stop (one per attempt). */
  attach(exchange: UpstreamExchange): void {
    this.exchange = exchange;
    if (this.cause) exchange.abort(new Error(`aborted: ${this.cause}`));
  }

  /** Throws right away when the client had already gone before we started. */
  assertNotAborted(): void {
    if (this.cause) throw this.toError(null);
  }

  private abort(cause: AbortCause): void {
    if (this.cause) return;
    this.cause = cause;
    this.exchange?.abort(new Error(`aborted: ${cause}`));
  }

  gotFirstByte(): void {
    if (this.firstByteTimer) {
      clearTimeout(this.firstByteTimer);
      this.firstByteTimer = undefined;
    }
  }

  dispose(): void {
    if (this.firstByteTimer) clearTimeout(this.firstByteTimer);
    if (this.totalTimer) clearTimeout(this.totalTimer);
    this.firstByteTimer = this.totalTimer = undefined;
    this.opts.signal.removeEventListener("abort", this.onClientAbort);
  }

  /** Any failure during the attempt → UpstreamError. Our own abort causes win. */
  toError(err: unknown): UpstreamError {
    if (this.cause === "client") {
      return new UpstreamError(`${this.label} request aborted by the client`, null, "aborted", false);
    }
    if (this.cause) {
      const which = this.cause === "first_byte" ? "first-byte" : "total";
      const ms = this.cause === "first_byte" ? this.opts.timeouts?.firstByte : this.opts.timeouts?.total;
      return new UpstreamError(`${this.label} ${which} timeout after ${ms} ms`, null, "timeout", true);
    }
    if (err instanceof UpstreamError) return err;
    return transportError(this.label, err);
  }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause === err ? undefined : errorCode(cause);
}

function transportError(label: string, err: unknown): UpstreamError {
  const code = errorCode(err);
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return new UpstreamError(`${label} connect timeout`, null, "timeout", true);
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return new UpstreamError(`${label} idle timeout (${code})`, null, "timeout", true);
    case "ERR_SWITCHYARD_BLOCKED_ADDRESS": {
      const message = err instanceof Error ? err.message : "blocked address";
      return new UpstreamError(`${label}: ${message}`, null, "network", false);
    }
    default: {
      const what = code ?? (err instanceof Error ? err.name : "unknown error");
      return new UpstreamError(`${label} connection failed (${what})`, null, "network", true);
    }
  }
}
