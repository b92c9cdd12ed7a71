import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** One request as the emulator received it, with credentials redacted. */
export type RecordedRequest = {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names; auth header values replaced by "[redacted]". */
  headers: Record<string, string>;
  /** First 12 hex chars of sha256(credential), so tests can tell keys apart without seeing them. */
  authFingerprint: string | null;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  format: "openai" | "anthropic" | "gemini" | "unknown";
  model: string | null;
};

const AUTH_HEADERS = new Set(["authorization", "x-api-key", "x-goog-api-key", "api-key"]);
const AUTH_QUERY = new Set(["key"]);

const fingerprints = new Map<string, string>();

function fingerprint(secret: string): string {
  const hit = fingerprints.get(secret);
  if (hit) return hit;
  const value = createHash("sha256").update(secret).digest("hex").slice(0, 12);
  if (fingerprints.size >= 256) fingerprints.clear();
  fingerprints.set(secret, value);
  return value;
}

/** Ring buffer of the last `limit` API requests (control-API calls are not recorded). */
export class RequestRecorder {
  private items: RecordedRequest[] = [];
  /** Index of the oldest item once the buffer is full. */
  private head = 0;
  private seq = 0;

  constructor(private readonly limit: number) {}

  record(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    body: unknown,
    format: RecordedRequest["format"],
    model: string | null,
  ): void {
    if (this.limit <= 0) return;
    let secret: string | null = null;
    const headers: Record<string, string> = {};
    for (const [name, raw] of Object.entries(req.headers)) {
      const value = Array.isArray(raw) ? raw.join(", ") : (raw ?? "");
      if (AUTH_HEADERS.has(name)) {
        secret ??= value.replace(/^Bearer\s+/i, "");
        headers[name] = /^Bearer\s/i.test(value) ? "Bearer [redacted]" : "[redacted]";
      } else {
        headers[name] = value;
      }
    }
    const queryOut: Record<string, string> = {};
    for (const [name, value] of query) {
      if (AUTH_QUERY.has(name)) {
        secret ??= value;
        queryOut[name] = "[redacted]";
      } else {
        queryOut[name] = value;
      }
    }
    const item: RecordedRequest = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      method: req.method ?? "GET",
      path,
      query: queryOut,
      headers,
      authFingerprint: secret ? fingerprint(secret) : null,
      body,
      format,
      model,
    };
    if (this.items.length < this.limit) {
      this.items.push(item);
    } else {
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.limit;
    }
  }

  /** Oldest first; `last` keeps only the most recent N. */
  list(last?: number): RecordedRequest[] {
    const ordered = [...this.items.slice(this.head), ...this.items.slice(0, this.head)];
    return last !== undefined && last >= 0 ? ordered.slice(Math.max(0, ordered.length - last)) : ordered;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/** sha256 fingerprint helper for tests comparing against RecordedRequest.authFingerprint. */
export const keyFingerprint = fingerprint;
