// GET /api/dashboard/replay: the signed-in account's replay runs (newest first).
// POST /api/dashboard/replay: the replay API's body (lib/replay/options.ts) — `estimate` answers
// the estimate report, `run` stores the run (402 before anything is spent when it would exceed
// the balance or max_credits). The dashboard holds no API key: runs are made with the account's
// hidden playground key (its limits; calls logged `source: replay`), same-origin only.
import { dashboardRoute, jsonResponse } from "@/lib/auth/dashboard-route";
import { moneyFields } from "@/lib/billing/money";
import { playgroundKey } from "@/lib/playground/playground-key";
import { createReplay, listReplays, parseReplayOptions } from "@/lib/replay";
import { sameOriginDashboardRoute } from "./same-origin";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = dashboardRoute(async (user) => jsonResponse({ object: "list", data: await listReplays(user.id) }));

export const POST = sameOriginDashboardRoute(async (user, _url, req) => {
  const options = parseReplayOptions(await req.json().catch(() => null));
  const created = await createReplay(await playgroundKey(user.id), options);
  if (created.kind === "estimate") return jsonResponse(created.report);
  return Response.json(
    { id: created.id, object: "replay", status: created.status, ...moneyFields("estimated", created.estimatedUnits) },
    { status: 202, headers: { "cache-control": "no-store" } });
});
