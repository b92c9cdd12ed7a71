// POST /api/dashboard/playground/stop {request_id, index}: stops one model of the signed-in
// account's running compare (the others go on); same-origin only, like a run.
import { z } from "zod";
import { dashboardRoute, jsonResponse } from "@/lib/auth/dashboard-route";
import { AppError } from "@/lib/errors";
import { stopColumn } from "@/lib/playground/column-stops";
import { playgroundRequestAllowed } from "@/lib/playground/same-origin";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ request_id: z.string().min(1).max(100), index: z.int().min(0).max(63) });

const stop = dashboardRoute(async (user, _url, req) => {
  const parsed = bodySchema.safeParse(await req.json().catch(() => null));
  if (!parsed.success) throw new AppError("invalid_request", "Send {\"request_id\": \"req_…\", \"index\": <column>} as JSON.");
  return jsonResponse({ stopped: stopColumn(user.id, parsed.data.request_id, parsed.data.index) });
});

export async function POST(req: Request): Promise<Response> {
  if (!playgroundRequestAllowed(req.headers)) {
    return Response.json({ error: { code: "forbidden", message: "Cross-site request refused.", param: null } }, { status: 403, headers: { "cache-control": "no-store" } });
  }
  return stop(req);
}
