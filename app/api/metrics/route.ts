// GET /api/metrics under `next dev` / `next start` run directly. In production the API worker
// answers it (lib/server/ops-routes.ts) with every worker's figures; this one sees only its process.
import { renderMetrics } from "@/lib/observability/metrics";
import { METRICS_CONTENT_TYPE, refuseMetricsScrape } from "@/lib/observability/metrics-auth";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  const refusal = refuseMetricsScrape(req.headers.get("authorization"));
  if (refusal) return new Response(refusal.body, { status: refusal.status, headers: refusal.headers });
  return new Response(renderMetrics(), { headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" } });
}
