// Requests the API workers hand to the Next process (lib/server/next-proxy.ts): forwarded headers only from proxies we trust, and a
// cross-origin server action refused with a clean 403 before Next sees it.
//
// Next's own CSRF check for server actions compares the Origin's host with X-Forwarded-Host
// (else Host) and, on a mismatch, throws: a 500 with a stack trace in the log. It also takes
// X-Forwarded-Host from whoever sent it, so a client could pick the host it is compared with.
// Without trusted proxies (TRUSTED_PROXY_HOPS=0, lib/http/client-ip.ts) those headers are
// dropped here, so Next (and next-auth, which builds URLs from them) sees the real Host; Next
// re-adds X-Forwarded-* from the socket itself. The check below mirrors Next's, so anything
// that passes here passes there too.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/lib/env";

const FORWARDED_HOST_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"] as const;

const REFUSAL = JSON.stringify({
  error: { code: "forbidden", message: "Cross-origin request refused: this action can only be sent from this site.", param: null },
});

export function dropUntrustedForwardedHeaders(headers: IncomingHttpHeaders, trustedProxyHops: number): void {
  if (trustedProxyHops > 0) return;
  for (const h of FORWARDED_HOST_HEADERS) delete headers[h];
}

/** What Next treats as a possible server action: a fetch action or a multipart form post. */
export function isPossibleServerAction(method: string | undefined, headers: IncomingHttpHeaders): boolean {
  if (method !== "POST") return false;
  if (headers["next-action"] !== undefined) return true;
  return (headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data");
}

function firstValue(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v?.split(",")[0];
  return s?.trim() || undefined;
}

/**
 * Whether the Origin names the host the request was sent to (X-Forwarded-Host's first entry
 * when trusted proxies set it, else Host). No Origin at all is let through, as Next does: a
 * browser always sends one on a cross-site POST, and a hand-made request carries no victim's
 * cookies. "null" and unparsable origins are refused.
 */
export function actionOriginAllowed(headers: IncomingHttpHeaders, trustedProxyHops: number): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const host = (trustedProxyHops > 0 ? firstValue(headers["x-forwarded-host"]) : undefined) ?? headers.host;
  return Boolean(originHost) && originHost === host;
}

/** The proxy, for every request going to Next: true when it was answered here (403). */
export function guardNextRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const hops = env().TRUSTED_PROXY_HOPS;
  dropUntrustedForwardedHeaders(req.headers, hops);
  if (!isPossibleServerAction(req.method, req.headers) || actionOriginAllowed(req.headers, hops)) return false;
  res.writeHead(403, { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(REFUSAL);
  return true;
}
