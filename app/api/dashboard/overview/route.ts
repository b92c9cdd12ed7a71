import { dashboardRoute, jsonResponse } from "@/lib/auth/dashboard-route";
import { getOverviewStats } from "@/lib/usage/get-overview-stats";
import { parseQuery } from "@/lib/usage/parse-query";
import { rangeQuerySchema, resolveRange } from "@/lib/usage/range";

export const dynamic = "force-dynamic";

export const GET = dashboardRoute(async (user, url) =>
  jsonResponse(await getOverviewStats(user.id, resolveRange(parseQuery(rangeQuerySchema, url.searchParams)))));
