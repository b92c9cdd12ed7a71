// Who may scrape /api/metrics: holders of METRICS_TOKEN as a bearer token. One rule for both
// doors (the API worker answers it in production, the Next route under `next dev`).
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export type MetricsRefusal = { status: 401 | 404; body: string; headers: Record<string, string> };

const digest = (s: string) => createHash("sha256").update(s).digest();

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** null when the scrape may go ahead. */
export function refuseMetricsScrape(authorization: string | null | undefined): MetricsRefusal | null {
  const token = env().METRICS_TOKEN;
  if (!token) return { status: 404, body: "Metrics are disabled: set METRICS_TOKEN.\n", headers: {} };
  const given = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "";
  // Compare digests so the check takes the same time whatever the token's length.
  if (!timingSafeEqual(digest(given), digest(token))) {
    return { status: 401, body: "Unauthorized: send 'Authorization: Bearer <METRICS_TOKEN>'.\n",
      headers: { "www-authenticate": 'Bearer realm="metrics"' } };
  }
  return null;
}
