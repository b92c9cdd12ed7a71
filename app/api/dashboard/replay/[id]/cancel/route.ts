// POST /api/dashboard/replay/{id}/cancel: cancels one of the signed-in account's runs
// (same-origin only); another account's id answers 404.
import { jsonResponse } from "@/lib/auth/dashboard-route";
import { AppError } from "@/lib/errors";
import { hasNul } from "@/lib/pg-text";
import { cancelReplay } from "@/lib/replay";
import { sameOriginDashboardRoute } from "../../same-origin";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return sameOriginDashboardRoute(async (user) => {
    const { id } = await ctx.params;
    if (hasNul(id) || id.length > 100) throw new AppError("not_found", "No such replay in this account.");
    return jsonResponse(await cancelReplay(user.id, id));
  })(req);
}
