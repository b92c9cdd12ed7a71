// /api/health, /api/ready and /api/metrics answered by the API worker itself: they describe
// the API, keep answering while the Next process restarts, and never pay for a proxy hop.
import type { IncomingMessage, ServerResponse } from "node:http";
import { METRICS_CONTENT_TYPE, refuseMetricsScrape } from "@/lib/observability/metrics-auth";
import { checkReadiness } from "@/lib/observability/readiness";
import { API_SECURITY_HEADERS } from "@/lib/http/security-headers";
import { collectMetrics } from "./cluster-metrics";

// The same static headers as every other API response (lib/http/security-headers.ts).
const SECURITY = Object.fromEntries(API_SECURITY_HEADERS);
const JSON_HEADERS = { ...SECURITY, "content-type": "application/json", "cache-control": "no-store" };

/** true when the path was one of ours (answered or being answered). */
export function handleOpsRoute(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (path === "/api/health") {
    res.writeHead(200, JSON_HEADERS).end('{"status":"ok"}');
    return true;
  }
  if (path === "/api/ready") {
    void checkReadiness().then((r) => {
      res.writeHead(r.ok ? 200 : 503, JSON_HEADERS)
        .end(JSON.stringify({ status: r.ok ? "ready" : "unavailable", database: r.database, latency_ms: r.latencyMs }));
    }, () => res.writeHead(503, JSON_HEADERS).end('{"status":"unavailable"}'));
    return true;
  }
  if (path === "/api/metrics") {
    const refusal = refuseMetricsScrape(req.headers.authorization);
    if (refusal) {
      res.writeHead(refusal.status, { ...SECURITY, "content-type": "text/plain; charset=utf-8", ...refusal.headers }).end(refusal.body);
      return true;
    }
    void collectMetrics().then((text) => {
      res.writeHead(200, { ...SECURITY, "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" }).end(text);
    });
    return true;
  }
  return false;
}
