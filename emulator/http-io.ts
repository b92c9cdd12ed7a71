import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

/** Same ceiling as Anthropic's Messages API (32 MB); larger bodies get a 413. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`Request body exceeds ${MAX_BODY_BYTES} bytes.`);
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Parses a JSON body; undefined for an empty body; throws SyntaxError on bad JSON. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  return JSON.parse(body.toString("utf8"));
}

export function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  sendRaw(res, status, JSON.stringify(payload), "application/json", headers);
}

export function sendRaw(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string,
  headers: OutgoingHttpHeaders = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * Sends the headers and the first half of a JSON body, then destroys the socket: the
 * non-streaming analogue of a mid-stream disconnect.
 */
export function sendTruncated(res: ServerResponse, body: string, headers: OutgoingHttpHeaders = {}): void {
  const bytes = Buffer.from(body);
  res.writeHead(200, { "content-type": "application/json", "content-length": bytes.length, ...headers });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}

/** Header value as one string (first value of repeated headers). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
