// The Next route handlers of app/api/dashboard, found on disk so that a new dashboard route is
// covered by the abuse suite without editing it. Each handler is called with a Fetch Request,
// as Next calls it (dynamic segments arrive in `ctx.params`).
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { weirdString } from "@/lib/abuse/arbitraries";
import { oddSegment } from "@/lib/abuse/odd-paths";

export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type NextRoute = { urlPath: string; params: string[]; method: string; handler: RouteHandler };

const HANDLER_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

/** Every exported method handler under `appDir` (e.g. "app/api/dashboard"). */
export async function nextRoutesUnder(appDir: string): Promise<NextRoute[]> {
  const root = path.resolve(import.meta.dirname, "../..");
  const out: NextRoute[] = [];
  for (const file of routeFiles(path.join(root, appDir)).sort()) {
    const rel = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep);
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const method of HANDLER_METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") continue;
      out.push({
        urlPath: "/" + rel.join("/"),
        params: rel.filter((s) => /^\[.+\]$/.test(s)).map((s) => s.slice(1, -1)),
        method, handler: handler as RouteHandler,
      });
    }
  }
  return out;
}

/** UTF-8 percent-encoding of every byte (NUL included); lone surrogates become U+FFFD. */
export function pct(s: string): string {
  return [...Buffer.from(s, "utf8")].map((b) => "%" + b.toString(16).padStart(2, "0")).join("");
}

const queryKeys = fc.constantFrom("range", "from", "to", "model", "provider", "key", "group", "status", "stream", "q",
  "cursor", "limit", "id", "page", "__proto__", "");
const queryValues = fc.oneof(
  oddSegment,
  weirdString.filter((s) => s.length < 5_000).map(pct),
  fc.constantFrom("custom", "24h", "7d", "30d", "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "-1", "1e309", "NaN",
    "true", "ok", "error", "day", "key", "2026-01-01T00:00:00Z", "req_", "%00", "AAAA", "MjAyNi0wMS0wMXxyZXFfeA"),
);

/** An odd query string for the dashboard's filters. */
export const dashboardQuery = fc.array(fc.tuple(queryKeys, queryValues), { maxLength: 5 })
  .map((pairs) => (pairs.length ? "?" + pairs.map(([k, v]) => `${k}=${v}`).join("&") : ""));

/** An odd value for a dynamic segment such as [id] (as Next hands it over: decoded). */
export const segmentValue = fc.oneof(
  weirdString.filter((s) => s.length < 5_000),
  fc.constantFrom("\u0000", "req_\u0000", "..", "%ZZ", "a".repeat(101), "a".repeat(100), "req_" + "0".repeat(32)),
);
