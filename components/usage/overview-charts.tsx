"use client";

// The range-dependent part of the overview: stats, charts and top lists, all from one
// react-query request to /api/dashboard/overview.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ChartCard } from "@/components/charts/chart-card";
import { errorClassLabel } from "@/components/charts/error-class";
import { bucketLabel, chartUsd, compactNumber, ms, msTick, usdTick } from "@/components/charts/format";
import { LineChart } from "@/components/charts/line-chart";
import { ERROR_COLORS, SERIES_COLORS, modelColors } from "@/components/charts/palette";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { StatCard } from "@/components/dashboard/stat-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { RangePicker } from "@/components/usage/range-picker";
import { TopLists } from "@/components/usage/top-lists";
import type { OverviewStats } from "@/lib/usage/get-overview-stats";
import { formatCostUsd } from "@/lib/billing/money";
import { fetchDashboard } from "@/lib/queries/fetch-dashboard";
import { DEFAULT_OVERVIEW_RANGE, rangeParams, usageKeys, type RangeValue } from "@/lib/queries/usage-keys";

function pct(errors: number, requests: number): string {
  return requests === 0 ? "—" : `${((errors / requests) * 100).toFixed(1)}%`;
}

export function OverviewCharts() {
  const [range, setRange] = useState<RangeValue>(DEFAULT_OVERVIEW_RANGE);
  const params = rangeParams(range).toString();
  const q = useQuery({
    queryKey: usageKeys.overview(params),
    queryFn: ({ signal }) => fetchDashboard<OverviewStats>(`/api/dashboard/overview?${params}`, signal),
    placeholderData: keepPreviousData,
  });
  const d = q.data;
  const loading = !d;
  const g = d?.range.granularity ?? "day";
  const series = (d?.series ?? []).map((s) => ({ ...s, label: bucketLabel(s.t, g) }));
  const empty = d ? d.totals.requests === 0 : false;
  const colorOf = modelColors([...(d?.models ?? []), ...(d?.requestModels ?? [])], "Other");

  return (
    <section aria-labelledby="range-heading" className="mt-10">
      <div className="mb-5 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="range-heading" className="text-lg font-semibold text-zinc-100">Requests and latency</h2>
          <p className="mt-1 text-sm text-zinc-400">
            {g === "hour" ? "Hourly" : "Daily"} buckets, UTC.{q.isFetching && d ? " Updating…" : ""}
          </p>
        </div>
        <RangePicker value={range} onChange={setRange} />
      </div>

      {q.isError ? (
        <Alert className="mb-5 flex flex-wrap items-center justify-between gap-3">
          <span>Could not load usage: {q.error.message}</span>
          <Button size="sm" variant="secondary" onClick={() => void q.refetch()}>Try again</Button>
        </Alert>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="range-stats">
        {loading ? (
          Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-[106px] rounded-xl" />)
        ) : (
          <>
            <StatCard label="Requests" value={<span data-testid="stat-requests">{d.totals.requests.toLocaleString("en-US")}</span>}
              detail={`${compactNumber(d.totals.inputTokens)} tokens in · ${compactNumber(d.totals.outputTokens)} out`} />
            <StatCard label="Error rate" value={<span data-testid="stat-error-rate">{pct(d.totals.errors, d.totals.requests)}</span>}
              detail={`${d.totals.errors.toLocaleString("en-US")} failed`} />
            <StatCard label="Latency p50 / p95" value={`${ms(d.totals.latencyP50)} / ${ms(d.totals.latencyP95)}`}
              detail={`Time to first token ${ms(d.totals.ttftP50)} / ${ms(d.totals.ttftP95)}`} />
            <StatCard label="Spend in range" value={<span data-testid="stat-spend">{formatCostUsd(BigInt(d.totals.costUnits))}</span>}
              detail={d.topModels[0] ? `Most on ${d.topModels[0].model}` : "Nothing spent"} />
          </>
        )}
      </div>

      {empty ? (
        <p className="mt-6 rounded-xl border border-dashed border-line-strong px-5 py-8 text-center text-sm text-zinc-400">
          No requests in this range. Pick a longer range, or send a request with the snippet above.
        </p>
      ) : (
        <>
          <div className="mt-6 grid gap-4 lg:grid-cols-2">
            <ChartCard title="Requests by model" description="Most requests first" loading={loading}>
              <StackedBarChart data={series.map((s) => ({ label: s.label, ...s.requests }))} series={d?.requestModels ?? []}
                palette={SERIES_COLORS} colorOf={colorOf} format={compactNumber} integer />
            </ChartCard>
            <ChartCard title="Spend by model" description="US dollars" loading={loading}>
              <StackedBarChart data={series.map((s) => ({ label: s.label, ...s.spendUsd }))} series={d?.models ?? []}
                palette={SERIES_COLORS} colorOf={colorOf} format={chartUsd} axis={usdTick} />
            </ChartCard>
            <ChartCard title="Latency percentiles" description="Total latency and time to first token" loading={loading}>
              <LineChart data={series} format={ms} axis={msTick} series={[
                { key: "latencyP50", name: "p50", color: SERIES_COLORS[0]! },
                { key: "latencyP95", name: "p95", color: SERIES_COLORS[2]! },
                { key: "ttftP50", name: "TTFT p50", color: SERIES_COLORS[1]!, dashed: true },
                { key: "ttftP95", name: "TTFT p95", color: SERIES_COLORS[3]!, dashed: true },
              ]} />
            </ChartCard>
            <ChartCard title="Tokens" description="Input and output tokens" loading={loading}>
              <LineChart data={series} format={compactNumber} integer series={[
                { key: "inputTokens", name: "Input", color: SERIES_COLORS[1]! },
                { key: "outputTokens", name: "Output", color: SERIES_COLORS[0]! },
              ]} />
            </ChartCard>
            <ChartCard title="Errors by class" loading={loading} empty={d ? d.errorClasses.length === 0 : false}>
              <StackedBarChart data={series.map((s) => ({ label: s.label, ...s.errors }))} series={d?.errorClasses ?? []}
                palette={ERROR_COLORS} format={compactNumber} integer labelOf={errorClassLabel} />
            </ChartCard>
            <TopLists data={d} />
          </div>
        </>
      )}
    </section>
  );
}
