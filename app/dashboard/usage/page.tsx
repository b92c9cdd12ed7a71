import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { UsageExplorer } from "@/components/usage/usage-explorer";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { getFilterOptions } from "@/lib/usage/get-filter-options";
import { getUsageBreakdown } from "@/lib/usage/get-usage-breakdown";
import { parseQuery } from "@/lib/usage/parse-query";
import { DEFAULT_USAGE_PARAMS, usageKeys } from "@/lib/queries/usage-keys";
import { resolveRange } from "@/lib/usage/range";
import { usageFiltersSchema } from "@/lib/usage/usage-filters";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage() {
  const user = await dashboardUser();
  const queries = new QueryClient();
  const f = parseQuery(usageFiltersSchema, new URLSearchParams(DEFAULT_USAGE_PARAMS));
  const [options] = await Promise.all([
    getFilterOptions(user.id),
    queries.prefetchQuery({ queryKey: usageKeys.breakdown(DEFAULT_USAGE_PARAMS), queryFn: () => getUsageBreakdown(user.id, resolveRange(f), f) }),
  ]);
  return (
    <>
      <PageHeader title="Usage" description="Requests, tokens and spend by day, model, provider and key (UTC). Export any view as CSV." />
      <HydrationBoundary state={dehydrate(queries)}>
        <UsageExplorer options={options} />
      </HydrationBoundary>
    </>
  );
}
