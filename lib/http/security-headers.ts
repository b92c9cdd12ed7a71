// Security headers. Three places apply them, each to what it serves:
// - proxy.ts: pages get the Content-Security-Policy below (a fresh nonce per request) and
//   HSTS when the public URL is https;
// - next.config.mjs: every response Next serves gets the static set (nosniff, no framing,
//   referrer and permissions policies) and Next's /api/* routes a no-content CSP — keep its
//   literal values in step with BASE_SECURITY_HEADERS / API_CSP here;
// - the API door (lib/gateway/http/node-door.ts): API_SECURITY_HEADERS, a few static
//   headers per response, nothing computed on the hot path.

/** For JSON and other non-document responses: they load nothing and may not be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const BASE_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["x-content-type-options", "nosniff"],
  ["x-frame-options", "DENY"],
  ["referrer-policy", "strict-origin-when-cross-origin"],
  ["permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
];

export const API_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["x-content-type-options", "nosniff"],
  ["x-frame-options", "DENY"],
  ["content-security-policy", API_CSP],
];

// Two years, subdomains included: the documented bar for preload lists. Only ever sent when
// the site's public URL is https (HSTS over plain http is ignored by browsers anyway, and
// sent from a dev box on https it would pin localhost).
export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * The pages' policy. Scripts: a per-request nonce with 'strict-dynamic' rather than
 * 'unsafe-inline', because Next's own bootstrap is inline and 'unsafe-inline' would let any
 * injected <script> run too — and the dashboard shows model output and holds billing and
 * account-deletion actions. The price is dynamic rendering, which every page here already
 * uses (they read the session); Next puts the nonce on its scripts when it finds it in the
 * request's CSP header (proxy.ts). Styles: 'unsafe-inline', because recharts and React set
 * inline style attributes, which nonces cannot cover; an injected style cannot run code.
 * Dev (`next dev`: React Refresh and error overlays use eval, HMR a websocket) adds
 * 'unsafe-eval' and ws:.
 */
export function pageCsp(o: { nonce: string; dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${o.dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (o.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** 128 random bits, base64: unguessable per response, as CSP nonces must be. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
