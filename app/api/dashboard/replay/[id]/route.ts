// GET /api/dashboard/replay/{id}: one run of the signed-in account — status, progress, items and
// (once ended) the report. Another account's id answers 404 like a missing one.
import { dashboardRoute, jsonResponse } from "@/lib/auth/dashboard-route";
import { AppError } from "@/lib/errors";
import { hasNul } from "@/lib/pg-text";
import { getReplay } from "@/lib/replay";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return dashboardRoute(async (user) => {
    const { id } = await ctx.params;
    if (hasNul(id) || id.length > 100) throw new AppError("not_found", "No such replay in this account.");
    return jsonResponse(await getReplay(user.id, id));
  })(req);
}
