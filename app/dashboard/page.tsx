import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { BalanceCard } from "@/components/dashboard/balance-card";
import { FirstCall } from "@/components/dashboard/first-call";
import { AlertList } from "@/components/optimization/alert-list";
import { alertItems } from "@/components/optimization/alert-items";
import { ModelsHereCard } from "@/components/dashboard/models-here";
import { OverviewSkeleton } from "@/components/dashboard/overview-skeleton";
import { PageHeader } from "@/components/dashboard/page-header";
import { RecentActivity } from "@/components/dashboard/recent-activity";
import { StatCard } from "@/components/dashboard/stat-card";
import { FirstRequestCard } from "@/components/usage/first-request-card";
import { OverviewCharts } from "@/components/usage/overview-charts";
import { formatCostUsd } from "@/lib/billing/money";
import { apiBaseUrl } from "@/lib/dashboard/api-base-url";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { modelsHere } from "@/lib/dashboard/models-here";
import { alertsFor } from "@/lib/optimization/alerts";
import { getOverviewHeader } from "@/lib/usage/get-overview-header";
import { getOverviewStats } from "@/lib/usage/get-overview-stats";
import { DEFAULT_OVERVIEW_RANGE, rangeParams, usageKeys } from "@/lib/queries/usage-keys";
import { resolveRange } from "@/lib/usage/range";

export const metadata: Metadata = { title: "Overview" };

/**
 * The overview's loading state is this Suspense boundary, not a `loading.tsx`: a dashboard-wide
 * loading.tsx would wrap every dashboard page, and a page that calls notFound() inside a
 * Suspense boundary answers 200 (the status is sent with the shell), so an unknown log id
 * could not answer 404.
 */
export default function OverviewPage() {
  return (
    <Suspense fallback={<OverviewSkeleton />}>
      <Overview />
    </Suspense>
  );
}

async function Overview() {
  const user = await dashboardUser();
  // The charts' first range is fetched here, in parallel with the header, and handed to
  // react-query so the first paint has data.
  const queries = new QueryClient();
  const [o, baseUrl, , alerts] = await Promise.all([
    getOverviewHeader(user.id),
    apiBaseUrl(),
    queries.prefetchQuery({
      queryKey: usageKeys.overview(rangeParams(DEFAULT_OVERVIEW_RANGE).toString()),
      queryFn: () => getOverviewStats(user.id, resolveRange(DEFAULT_OVERVIEW_RANGE)),
    }),
    alertsFor(user.id),
  ]);
  const isNew = !o.hasRequests;
  const models = modelsHere();
  const firstModel = models.firstCall[0];

  return (
    <>
      <PageHeader
        title={isNew ? `Welcome${user.name ? `, ${user.name}` : ""}` : "Overview"}
        description={isNew ? "Your account is ready. Here is how to send your first request." : "Balance, spend and traffic (UTC)."}
      />

      {alerts.length > 0 ? (
        <section aria-label="Alerts" className="mb-6"><AlertList alerts={alertItems(alerts)} compact /></section>
      ) : null}

      <section aria-label="Summary" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <BalanceCard balance={o.balance} />
        <StatCard label="Spend today" value={<span data-testid="spend-today">{formatCostUsd(o.spend.today.cost)}</span>}
          detail={`${o.spend.today.requests.toLocaleString("en-US")} requests`} />
        <StatCard label="Spend this month" value={<span data-testid="spend-month">{formatCostUsd(o.spend.month.cost)}</span>}
          detail={`${o.spend.month.requests.toLocaleString("en-US")} requests · ${o.activeKeys} active ${o.activeKeys === 1 ? "key" : "keys"}`} />
      </section>

      {isNew ? (
        <div className="mt-8 grid gap-8 xl:grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)]">
          <div className="min-w-0">
            {o.newestKey ? (
              <FirstRequestCard baseUrl={baseUrl} keyName={o.newestKey.name} keyDisplay={o.newestKey.display} model={firstModel} />
            ) : (
              <FirstCall baseUrl={baseUrl} activeKeys={o.activeKeys} model={firstModel} />
            )}
          </div>
          <div className="flex min-w-0 flex-col gap-8">
            <RecentActivity entries={o.recentLedger} />
            <ModelsHereCard models={models} />
          </div>
        </div>
      ) : (
        <>
          <HydrationBoundary state={dehydrate(queries)}>
            <OverviewCharts />
          </HydrationBoundary>
          <div className="mt-8 grid gap-8 xl:grid-cols-2">
            <div className="min-w-0"><RecentActivity entries={o.recentLedger} /></div>
            <div className="min-w-0"><ModelsHereCard models={models} /></div>
          </div>
        </>
      )}
    </>
  );
}
