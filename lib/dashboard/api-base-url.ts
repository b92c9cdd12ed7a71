// The public API base URL for code snippets: this request's own origin + "/v1".
import { headers } from "next/headers";

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

export async function apiBaseUrl(): Promise<string> {
  const h = await headers();
  const forwardedHost = h.get("x-forwarded-host")?.split(",")[0]?.trim();
  const rawHost = forwardedHost || h.get("host") || "localhost:3000";
  // Only a plain host[:port] goes into the snippet; anything odd falls back to localhost.
  const host = HOST.test(rawHost) ? rawHost : "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const scheme = proto === "https" ? "https" : "http";
  return `${scheme}://${host}/v1`;
}
