// GET /api/dashboard/playground/history/{id}: one run with its request and result, to reopen or re-run it.
import { dashboardRoute, jsonResponse } from "@/lib/auth/dashboard-route";
import { AppError } from "@/lib/errors";
import { getHistoryRun } from "@/lib/playground/history";

export const dynamic = "force-dynamic";

export function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return dashboardRoute(async (user) => {
    const run = await getHistoryRun(user.id, (await ctx.params).id);
    if (!run) throw new AppError("not_found", "No such playground run.");
    return jsonResponse(run);
  })(req);
}
