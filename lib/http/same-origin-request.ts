// Is this state-changing browser request from one of our own pages? (CSRF guard for JSON
// routes such as sign-up.) A browser sends Origin on every cross-origin POST and on
// same-origin fetch POSTs, and Sec-Fetch-Site on all of them; neither can be set by a page.
// A request with neither is not from a browser page (curl, scripts): it cannot ride a
// visitor's cookies or IP, and the route's own limits apply to it.
//
// "Our origin" is the configured public URL (APP_URL / NEXTAUTH_URL, lib/http/site-origin.ts)
// or the Host the request was sent to. X-Forwarded-Host is believed only when
// TRUSTED_PROXY_HOPS says a proxy of ours sets it.
import { env } from "@/lib/env";
import { siteOrigin } from "@/lib/http/site-origin";

// First entry, as Next's own server-action check reads it (lib/http/server-action-origin.ts).
function firstListEntry(value: string | null): string | undefined {
  const first = value?.split(",")[0]?.trim();
  return first ? first.toLowerCase() : undefined;
}

function configuredOrigins(): Set<string> {
  const e = env();
  const out = new Set([siteOrigin()]);
  for (const url of [e.APP_URL, e.NEXTAUTH_URL]) {
    try {
      if (url) out.add(new URL(url).origin);
    } catch {
      // not a URL: ignored, siteOrigin() has the fallback
    }
  }
  return out;
}

export function isSameOriginRequest(headers: Headers): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin") return false;
  const origin = headers.get("origin");
  if (origin === null) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin); // "null" (sandboxed frames, file:) throws: refused
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  if (configuredOrigins().has(parsed.origin)) return true;
  const hosts = [headers.get("host")?.trim().toLowerCase()];
  if (env().TRUSTED_PROXY_HOPS > 0) hosts.push(firstListEntry(headers.get("x-forwarded-host")));
  return hosts.some((h) => h !== undefined && h === parsed.host);
}
