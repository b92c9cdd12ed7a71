import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/dashboard/page-header";
import { AlertList } from "@/components/optimization/alert-list";
import { alertItems } from "@/components/optimization/alert-items";
import { OptimalUseCases } from "@/components/optimization/optimal-use-cases";
import { PendingUseCases } from "@/components/optimization/pending-use-cases";
import { RecommendationCard } from "@/components/optimization/recommendation-card";
import { buttonClasses, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { RouteIcon } from "@/components/ui/icons";
import { formatUsd } from "@/lib/billing/money";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { QUICK_REPLAY_SAMPLE } from "@/lib/optimization/actions";
import { alertsFor } from "@/lib/optimization/alerts";
import { recommendationsFor } from "@/lib/optimization/recommend";
import { DEFAULT_WINDOW_DAYS, WINDOW_CHOICES } from "@/lib/optimization/types";

export const metadata: Metadata = { title: "Optimization" };

function windowOf(param: string | string[] | undefined): number {
  const n = typeof param === "string" ? Number(param) : NaN;
  return (WINDOW_CHOICES as readonly number[]).includes(n) ? n : DEFAULT_WINDOW_DAYS;
}

function WindowPicker({ days }: { days: number }) {
  return (
    <nav aria-label="Window" className="flex gap-1 rounded-lg border border-line bg-surface p-1">
      {WINDOW_CHOICES.map((d) => (
        <Link key={d} href={`/dashboard/optimization?days=${d}`} aria-current={d === days ? "page" : undefined}
          className={cn(buttonClasses("ghost", "sm"), d === days && "bg-white/[0.08] text-zinc-50")}>
          {d} days
        </Link>
      ))}
    </nav>
  );
}

export default async function OptimizationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await dashboardUser();
  const days = windowOf((await searchParams).days);
  const [report, alerts] = await Promise.all([recommendationsFor(user.id, { days }), alertsFor(user.id)]);
  const totalSavings = report.recommendations.reduce((sum, r) => (r.kind === "cheaper" ? sum + r.savings.monthlySavingsUnits : sum), 0n);
  const cheaper = report.recommendations.filter((r) => r.kind === "cheaper").length;
  const nothing = report.recommendations.length === 0 && report.optimal.length === 0 && report.pending.length === 0;

  return (
    <>
      <PageHeader title="Optimization" actions={<WindowPicker days={days} />}
        description={`Cheaper or faster models for each use case (key, endpoint and kind of request), from your API traffic of the last ${days} days.`} />

      <section aria-label="Alerts" className="mb-8">
        {alerts.length > 0 ? <AlertList alerts={alertItems(alerts)} />
          : <p className="text-sm text-zinc-400" data-testid="no-alerts">No alerts: spend, error rate, latency and balance look normal.</p>}
      </section>

      {nothing ? (
        <Card>
          <EmptyState icon={<RouteIcon className="size-6" />} title="No API traffic to analyse yet"
            action={<ButtonLink href="/dashboard/keys" variant="secondary">Create an API key</ButtonLink>}>
            Recommendations come from your own requests: each use case needs {report.minRequests} answered chat requests
            in the last {days} days. Send traffic through an API key and come back.
          </EmptyState>
        </Card>
      ) : (
        <div className="flex flex-col gap-8">
          <section aria-labelledby="recommendations-heading" className="flex flex-col gap-4">
            <div className="flex flex-wrap items-end justify-between gap-2">
              <h2 id="recommendations-heading" className="text-lg font-semibold text-zinc-50">Recommendations</h2>
              {cheaper > 0 ? (
                <p className="text-sm text-zinc-300" data-testid="total-savings">
                  Up to <span className="font-semibold text-emerald-300">{formatUsd(totalSavings)}</span> per month across {cheaper}{" "}
                  {cheaper === 1 ? "use case" : "use cases"}
                </p>
              ) : null}
            </div>
            {report.recommendations.length > 0 ? (
              report.recommendations.map((r) => <RecommendationCard key={r.id} r={r} days={days} sample={QUICK_REPLAY_SAMPLE} />)
            ) : (
              <Card className="px-5 py-4 text-sm text-zinc-400" data-testid="no-recommendations">
                No recommendation yet{report.pending.length > 0 ? ": the use cases below need more data" : ": your use cases already run on the cheapest and fastest capable models"}.
              </Card>
            )}
          </section>
          {report.pending.length > 0 ? <PendingUseCases pending={report.pending} days={days} /> : null}
          {report.optimal.length > 0 ? <OptimalUseCases useCases={report.optimal} /> : null}
          <p className="text-xs text-zinc-400">
            Savings price your logged tokens at each model&apos;s catalog price and project them to 30 days. Quality evidence comes
            from replaying real requests on the candidate and judging both answers in the{" "}
            <Link href="/dashboard/replay" className="underline underline-offset-4 hover:text-zinc-300">replay lab</Link>.
          </p>
        </div>
      )}
    </>
  );
}
