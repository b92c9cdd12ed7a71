// Pages, auth and the dashboard's own API live in the Next process (lib/server/next-process.ts);
// an API worker hands those requests over on a pooled keep-alive connection and streams the
// answer back untouched. The client IP is computed here, from the real socket, and stamped
// into a header only the Next process reads (lib/http/client-ip.ts).
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { stampClientIp } from "@/lib/http/client-ip";
import { guardNextRequest } from "@/lib/http/server-action-origin";
import { logger } from "@/lib/observability/logger";
import { INTERNAL_TOKEN_HEADER } from "./internal";

export type NextTarget = { port: number; token: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 32 });

function unavailable(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(503, { "content-type": "text/html; charset=utf-8", "retry-after": "2", "cache-control": "no-store" });
  res.end("<!doctype html><title>Restarting</title><p>Switchyard's dashboard is restarting — try again in a moment. The API is not affected.</p>");
}

/**
 * Next's raw headers (repeated ones such as set-cookie kept, in order) without the ones that
 * describe the internal connection: the client's connection has its own keep-alive.
 */
function endToEndHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name !== "connection" && name !== "keep-alive") out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

export function proxyToNext(target: NextTarget, req: IncomingMessage, res: ServerResponse): void {
  stampClientIp(req);
  // Untrusted X-Forwarded-Host/Proto dropped; a cross-origin server action gets 403, not Next's 500.
  if (guardNextRequest(req, res)) return;
  req.headers[INTERNAL_TOKEN_HEADER] = target.token;
  const upstream = http.request({
    host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: req.headers, agent,
  }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.statusMessage, endToEndHeaders(up.rawHeaders));
    up.pipe(res);
    up.once("error", () => res.destroy());
  });
  upstream.once("error", (err) => {
    logger().warn({ err: err.message, url: req.url }, "next process unreachable");
    unavailable(res);
  });
  // The browser left: stop Next's work for it too.
  res.once("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** WebSocket upgrades (Next dev's hot reload): a raw TCP splice to the Next process. */
export function proxyUpgradeToNext(target: NextTarget, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  stampClientIp(req);
  req.headers[INTERNAL_TOKEN_HEADER] = target.token;
  const up = net.connect(target.port, "127.0.0.1", () => {
    const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
    for (const [k, v] of Object.entries(req.headers)) {
      for (const value of Array.isArray(v) ? v : [v]) if (value !== undefined) lines.push(`${k}: ${value}`);
    }
    up.write(lines.join("\r\n") + "\r\n\r\n");
    if (head.length) up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  const close = () => {
    up.destroy();
    socket.destroy();
  };
  up.once("error", close);
  socket.once("error", close);
}
