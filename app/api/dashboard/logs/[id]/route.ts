import { dashboardRoute, jsonResponse } from "@/lib/auth/dashboard-route";
import { getLog } from "@/lib/usage/get-log";

export const dynamic = "force-dynamic";

export function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return dashboardRoute(async (user) => jsonResponse(await getLog(user.id, (await ctx.params).id)))(req);
}
