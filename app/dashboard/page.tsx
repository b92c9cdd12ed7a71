import type { Metadata } from "next";
import { BalanceCard } from "@/components/dashboard/balance-card";
import { FirstCall } from "@/components/dashboard/first-call";
import { PageHeader } from "@/components/dashboard/page-header";
import { RecentActivity } from "@/components/dashboard/recent-activity";
import { StatCard } from "@/components/dashboard/stat-card";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { formatUsd } from "@/lib/billing/money";
import { apiBaseUrl } from "@/lib/dashboard/api-base-url";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { getOverview } from "@/lib/dashboard/get-overview";

export const metadata: Metadata = { title: "Overview" };

function errorRate(errors: number, requests: number): string {
  return `${((errors / requests) * 100).toFixed(1)}%`;
}

export default async function OverviewPage() {
  const user = await dashboardUser();
  const [overview, baseUrl] = await Promise.all([getOverview(user.id), apiBaseUrl()]);
  const { month, today } = overview;
  const isNew = overview.totalRequests === 0;

  return (
    <>
      <PageHeader
        title={isNew ? `Welcome${user.name ? `, ${user.name}` : ""}` : "Overview"}
        description={isNew ? "Your account is ready. Here is how to send your first request." : "This month at a glance (UTC)."}
      />

      <section aria-label="Summary" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <BalanceCard balance={overview.balance} />
        <StatCard
          label="Spend this month"
          value={formatUsd(month.spend)}
          detail={`${formatUsd(today.spend)} today`}
        />
        <StatCard
          label="Requests this month"
          value={month.requests.toLocaleString("en-US")}
          detail={
            month.requests === 0
              ? "No requests yet"
              : `${today.requests.toLocaleString("en-US")} today · ${errorRate(month.errors, month.requests)} errors`
          }
        />
      </section>

      <div className="mt-8 grid gap-8 xl:grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)]">
        <div className="min-w-0">
          {isNew ? (
            <FirstCall baseUrl={baseUrl} activeKeys={overview.activeKeys} />
          ) : (
            <Card>
              <CardHeader
                title="Your API endpoint"
                description="Use it as the base URL of any OpenAI-compatible SDK."
              />
              <CardBody>
                <CodeBlock title="Base URL" code={baseUrl} />
                <p className="mt-3 text-sm text-zinc-400">
                  {overview.activeKeys} active {overview.activeKeys === 1 ? "key" : "keys"} ·{" "}
                  {overview.totalRequests.toLocaleString("en-US")} requests in total
                </p>
              </CardBody>
            </Card>
          )}
        </div>
        <div className="min-w-0">
          <RecentActivity entries={overview.recentLedger} />
        </div>
      </div>
    </>
  );
}
