// The site's own public origin (scheme://host[:port]), from configuration rather than from
// request headers a client can set: APP_URL, else NEXTAUTH_URL, else the listen address.
import { env } from "@/lib/env";

export function siteOrigin(): string {
  const e = env();
  const url = e.APP_URL ?? e.NEXTAUTH_URL ?? `http://${e.HOST === "0.0.0.0" ? "localhost" : e.HOST}:${e.PORT}`;
  try {
    return new URL(url).origin;
  } catch {
    return `http://${e.HOST === "0.0.0.0" ? "localhost" : e.HOST}:${e.PORT}`;
  }
}

/** True when the public URL is https: only then may we ask browsers for HSTS. */
export function servedOverHttps(): boolean {
  return siteOrigin().startsWith("https:");
}
