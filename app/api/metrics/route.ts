// GET /api/metrics: Prometheus text, for scrapers holding METRICS_TOKEN as a bearer token.
import { timingSafeEqual, createHash } from "node:crypto";
import { env } from "@/lib/env";
import { renderMetrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function GET(req: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response("Metrics are disabled: set METRICS_TOKEN.\n", { status: 404 });
  const given = /^Bearer (.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
  // Compare digests so the check takes the same time whatever the token's length.
  if (!timingSafeEqual(digest(given), digest(token))) {
    return new Response("Unauthorized: send 'Authorization: Bearer <METRICS_TOKEN>'.\n", {
      status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  return new Response(renderMetrics(), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
