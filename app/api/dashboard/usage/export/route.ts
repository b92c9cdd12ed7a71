import { dashboardRoute } from "@/lib/auth/dashboard-route";
import { parseQuery } from "@/lib/usage/parse-query";
import { resolveRange } from "@/lib/usage/range";
import { usageCsvStream } from "@/lib/usage/usage-csv";
import { usageFiltersSchema } from "@/lib/usage/usage-filters";

export const dynamic = "force-dynamic";

export const GET = dashboardRoute(async (user, url) => {
  const f = parseQuery(usageFiltersSchema, url.searchParams);
  const r = resolveRange(f);
  const name = `switchyard-usage-${r.start.toISOString().slice(0, 10)}-to-${new Date(r.end.getTime() - 1).toISOString().slice(0, 10)}.csv`;
  return new Response(usageCsvStream(user.id, r, f), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
});
