// The API route table and the single entry point both doors call.
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { sendError } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse, ErrorDialect, RouteHandler } from "@/lib/gateway/http/types";
import { routes } from "@/lib/gateway/routes";
import { trackInFlight } from "@/lib/observability/metrics";

export type Route = {
  method: "GET" | "POST" | "DELETE";
  /** Exact path, or a prefix ending in "/*" whose rest is passed as `param`. */
  path: string;
  dialect?: ErrorDialect;
  handler: (req: ApiRequest, res: ApiResponse, param: string) => Promise<void>;
};

type Match = { route: Route; param: string } | { allowed: string[] } | null;

function match(method: string, path: string): Match {
  const allowed: string[] = [];
  for (const route of routes) {
    let param: string | null = null;
    if (route.path.endsWith("/*")) {
      const base = route.path.slice(0, -1);
      if (path.startsWith(base) && path.length > base.length) param = decodeParam(path.slice(base.length));
    } else if (route.path === path) {
      param = "";
    }
    if (param === null) continue;
    if (route.method === method) return { route, param };
    allowed.push(route.method);
  }
  return allowed.length ? { allowed } : null;
}

/** A path segment's percent-decoding; malformed escapes ("%ZZ", a cut UTF-8 sequence) are a 400. */
function decodeParam(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError("invalid_request", "The request path has an invalid percent-encoding.");
  }
}

export function newRequestId(): string {
  return "req_" + randomUUID().replaceAll("-", "");
}

/** Strips the API base: "/api/v1/x" and "/v1/x" → "/x"; returns null for other paths. */
export function apiSubpath(pathname: string): string | null {
  if (pathname.startsWith("/api/v1/") || pathname === "/api/v1") return pathname.slice(7) || "/";
  if (pathname.startsWith("/v1/") || pathname === "/v1") return pathname.slice(3) || "/";
  return null;
}

export const handleApi: RouteHandler = async (req, res) => {
  res.setHeader("x-request-id", req.requestId);
  const path = req.path.length > 1 && req.path.endsWith("/") ? req.path.slice(0, -1) : req.path;
  let dialect: ErrorDialect = "openai";
  try {
    const found = match(req.method === "HEAD" ? "GET" : req.method, path);
    if (found && "route" in found) dialect = found.route.dialect ?? "openai";
    if (!found) throw new AppError("not_found", `Unknown API route: ${req.method} ${path}. See GET /v1/models and the docs.`);
    if (!("route" in found)) {
      res.setHeader("allow", [...new Set(found.allowed)].join(", "));
      throw new AppError("method_not_allowed", `Method ${req.method} is not allowed on ${path}.`);
    }
    trackInFlight(1);
    try {
      await found.route.handler(req, res, found.param);
    } finally {
      trackInFlight(-1); // handlers return when the response (streams included) is done
    }
  } catch (err) {
    sendError(req, res, err, dialect);
  }
};
