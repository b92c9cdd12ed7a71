import { dashboardRoute, jsonResponse } from "@/lib/auth/dashboard-route";
import { listLogs } from "@/lib/usage/list-logs";
import { logFiltersSchema } from "@/lib/usage/log-filters";
import { parseQuery } from "@/lib/usage/parse-query";

export const dynamic = "force-dynamic";

export const GET = dashboardRoute(async (user, url) =>
  jsonResponse(await listLogs(user.id, parseQuery(logFiltersSchema, url.searchParams))));
