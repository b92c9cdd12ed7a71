// The single entry point both doors call: matches the route table and runs the handler.
import { AppError } from "@/lib/errors";
import { sendError } from "@/lib/gateway/http/respond";
import type { ErrorDialect, RouteHandler } from "@/lib/gateway/http/types";
import { compileRoutes } from "@/lib/gateway/route-matcher";
import { routes } from "@/lib/gateway/routes";
import { logRefusal } from "@/lib/gateway/refusals/refusal-log";
import { trackInFlight } from "@/lib/observability/metrics";

const matcher = compileRoutes(routes);

/** Strips the API base: "/api/v1/x" and "/v1/x" → "/x"; returns null for other paths. */
export function apiSubpath(pathname: string): string | null {
  if (pathname.startsWith("/api/v1/") || pathname === "/api/v1") return pathname.slice(7) || "/";
  if (pathname.startsWith("/v1/") || pathname === "/v1") return pathname.slice(3) || "/";
  return null;
}

export const handleApi: RouteHandler = async (req, res) => {
  res.setHeader("x-request-id", req.requestId);
  let dialect: ErrorDialect = "openai";
  /** A model call's log endpoint (routes/index.ts): its refusals are logged too. */
  let logAs: string | undefined;
  try {
    const found = matcher.match(req.method === "HEAD" ? "GET" : req.method, req.path);
    dialect = found.dialect;
    switch (found.kind) {
      case "not_found":
        throw new AppError("not_found", `Unknown API route: ${req.method} ${req.path}. See GET /v1/models and the docs.`);
      case "method_not_allowed":
        res.setHeader("allow", found.allow);
        throw new AppError("method_not_allowed", `Method ${req.method} is not allowed on ${req.path}.`);
      case "bad_escape":
        throw new AppError("invalid_request", "The request path has an invalid percent-encoding.");
    }
    logAs = found.route.log;
    trackInFlight(1);
    try {
      await found.route.handler(req, res, found.params);
    } finally {
      trackInFlight(-1); // handlers return when the response (streams included) is done
    }
  } catch (err) {
    sendError(req, res, err, dialect);
    // After the response: a row for a call refused before its pipeline logged it (lib/gateway/refusals).
    if (logAs !== undefined) logRefusal(req, res, err, dialect, logAs);
  }
};
