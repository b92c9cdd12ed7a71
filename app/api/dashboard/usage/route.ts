import { dashboardRoute, jsonResponse } from "@/lib/auth/dashboard-route";
import { getUsageBreakdown } from "@/lib/usage/get-usage-breakdown";
import { parseQuery } from "@/lib/usage/parse-query";
import { resolveRange } from "@/lib/usage/range";
import { usageFiltersSchema } from "@/lib/usage/usage-filters";

export const dynamic = "force-dynamic";

export const GET = dashboardRoute(async (user, url) => {
  const f = parseQuery(usageFiltersSchema, url.searchParams);
  return jsonResponse(await getUsageBreakdown(user.id, resolveRange(f), f));
});
