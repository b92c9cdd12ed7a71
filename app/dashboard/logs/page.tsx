import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { LogsExplorer } from "@/components/logs/logs-explorer";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { getFilterOptions } from "@/lib/usage/get-filter-options";
import { listLogs } from "@/lib/usage/list-logs";
import { logFiltersSchema } from "@/lib/usage/log-filters";
import { parseQuery } from "@/lib/usage/parse-query";
import { DEFAULT_LOGS_PARAMS, usageKeys } from "@/lib/queries/usage-keys";

export const metadata: Metadata = { title: "Logs" };

export default async function LogsPage() {
  const user = await dashboardUser();
  const queries = new QueryClient();
  const [options] = await Promise.all([
    getFilterOptions(user.id),
    queries.prefetchInfiniteQuery({
      queryKey: usageKeys.logs(DEFAULT_LOGS_PARAMS),
      initialPageParam: null as string | null,
      queryFn: () => listLogs(user.id, parseQuery(logFiltersSchema, new URLSearchParams(DEFAULT_LOGS_PARAMS))),
    }),
  ]);
  return (
    <>
      <PageHeader title="Logs" description="Every request, newest first. Open one to see its attempts, tokens, price and bodies." />
      <HydrationBoundary state={dehydrate(queries)}>
        <LogsExplorer options={options} />
      </HydrationBoundary>
    </>
  );
}
