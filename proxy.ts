// Runs before every page (Next 16 renamed middleware.ts to proxy.ts):
// - the dashboard needs a session token, else to sign-in. Pages check the session on the
//   server as well (with its version: lib/auth/session-version.ts); this only saves a render
//   for signed-out users;
// - each page gets a Content-Security-Policy with a fresh nonce (lib/http/security-headers.ts
//   says why a nonce): set on the request too, which is where Next finds the nonce to put
//   on its scripts, and HSTS when the public URL is https.
// API routes, the gateway API (/v1, answered by the API workers, which never hand it to Next) and static files are
// not matched: next.config.mjs gives them their headers.
import { NextResponse, type NextRequest } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { env } from "@/lib/env";
import { HSTS, newNonce, pageCsp } from "@/lib/http/security-headers";
import { servedOverHttps } from "@/lib/http/site-origin";

function isDashboard(pathname: string): boolean {
  return pathname === "/dashboard" || pathname.startsWith("/dashboard/");
}

export default async function proxy(req: NextRequest): Promise<Response> {
  if (isDashboard(req.nextUrl.pathname)) {
    const toSignIn = await withAuth(req as NextRequestWithAuth, { pages: { signIn: "/login" } });
    if (toSignIn) return toSignIn;
  }
  const https = servedOverHttps();
  const csp = pageCsp({ nonce: newNonce(), dev: env().NODE_ENV === "development", https });
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", csp);
  if (https) res.headers.set("strict-transport-security", HSTS);
  return res;
}

export const config = {
  matcher: ["/((?!api(?:/|$)|v1(?:/|$)|_next/static/|_next/image|favicon\\.svg$).*)"],
};
