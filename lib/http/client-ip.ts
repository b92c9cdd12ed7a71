// The client's IP address: one rule for every IP-based limit in the app.
//
// It is the socket's peer address, unless TRUSTED_PROXY_HOPS=N says N reverse proxies of
// ours sit in front: then it is the address N entries from the right of X-Forwarded-For
// (each proxy appends the peer it saw, so entries further left were written by the client
// and prove nothing). Too few entries means the request did not come through our proxies:
// the socket address is used.
//
// Next route handlers and next-auth's `authorize` never see the client's socket (they run in
// the Next process, behind the API workers' proxy), so the proxy (lib/server/next-proxy.ts)
// computes the address once and stamps it into CLIENT_IP_HEADER (after deleting any copy the
// client sent); Next code reads only that header. The Next process accepts requests only
// with the proxy's per-start token, so nobody else can stamp it. Without our server in front
// (`next dev` / `next start` run directly) the header is absent and every client shares the
// single "unknown" bucket — stricter, never looser.
import net from "node:net";
import type { IncomingMessage } from "node:http";
import { env } from "@/lib/env";

export const CLIENT_IP_HEADER = "x-switchyard-client-ip";
export const UNKNOWN_CLIENT_IP = "unknown";

/** "::ffff:1.2.3.4" (IPv4 on a dual-stack socket) → "1.2.3.4"; anything not an IP → null. */
function cleanIp(raw: string | undefined): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  // RFC 7239 style "[v6]:port" or "v4:port" entries some proxies write.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) ip = ip.slice(7);
  return net.isIP(ip) ? ip.toLowerCase() : null;
}

export function resolveClientIp(
  socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number,
): string {
  const socket = cleanIp(socketAddress) ?? UNKNOWN_CLIENT_IP;
  if (trustedHops <= 0 || forwardedFor === undefined) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length < trustedHops) return socket;
  return cleanIp(entries[entries.length - trustedHops]) ?? socket;
}

/** The proxy to Next (lib/server/next-proxy.ts): replace any client-sent CLIENT_IP_HEADER with the address computed here. */
export function stampClientIp(req: IncomingMessage): void {
  delete req.headers[CLIENT_IP_HEADER];
  req.headers[CLIENT_IP_HEADER] = resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], env().TRUSTED_PROXY_HOPS);
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** Next code (route handlers, next-auth): the address the proxy stamped, else "unknown". */
export function clientIpFromHeaders(headers: HeaderSource): string {
  const raw = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return cleanIp(value ?? undefined) ?? UNKNOWN_CLIENT_IP;
}

/**
 * The key IP-based limits count under: the address for IPv4, its /64 network for IPv6 (one
 * subscriber usually holds a whole /64, so counting single v6 addresses would count nothing).
 */
export function ipRateKey(ip: string): string {
  if (net.isIPv6(ip)) return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
  return ip;
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((h) => h.replace(/^0+(?=.)/, ""));
}
