import { checkReadiness } from "@/lib/observability/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const r = await checkReadiness();
  return Response.json({ status: r.ok ? "ready" : "unavailable", database: r.database, latency_ms: r.latencyMs },
    { status: r.ok ? 200 : 503 });
}
