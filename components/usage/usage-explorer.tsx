"use client";

// Usage breakdown: range + filters, totals grouped by day/model/provider/key, the detail
// rows, and a CSV export of exactly those rows (streamed by the server).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ChartCard } from "@/components/charts/chart-card";
import { chartUsd, usdTick } from "@/components/charts/format";
import { SERIES_COLORS } from "@/components/charts/palette";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { SelectField } from "@/components/logs/select-field";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TableScroll } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { RangePicker } from "@/components/usage/range-picker";
import { daysOf, fillDays } from "@/components/usage/zero-days";
import { formatCostUsd } from "@/lib/billing/money";
import { formatDay } from "@/lib/dashboard/format";
import type { FilterOptions } from "@/lib/usage/get-filter-options";
import type { UsageBreakdown } from "@/lib/usage/get-usage-breakdown";
import { fetchDashboard } from "@/lib/queries/fetch-dashboard";
import { DEFAULT_USAGE_RANGE, rangeParams, usageKeys, type RangeValue } from "@/lib/queries/usage-keys";

type Group = "day" | "model" | "provider" | "key";
const GROUP_LABEL: Record<Group, string> = { day: "Day", model: "Model", provider: "Provider", key: "Key" };
const n = (x: number) => x.toLocaleString("en-US");
const cost = (units: string) => formatCostUsd(BigInt(units));
const USD = 1e12;

/** The chart's bars: every day of the range for "day" (quiet days at zero), else the 12 largest groups. */
function chartData(d: UsageBreakdown | undefined, group: Group, range: RangeValue): Array<{ label: string; Spend: number }> {
  const groups = d?.groups ?? [];
  if (group !== "day") return groups.slice(0, 12).map((g) => ({ label: g.label, Spend: Number(g.costUnits) / USD }));
  const byDay = new Map(groups.map((g) => [g.label, { label: formatDay(g.label), Spend: Number(g.costUnits) / USD }]));
  return fillDays(daysOf(range), byDay, (day) => ({ label: formatDay(day), Spend: 0 }));
}

export function UsageExplorer({ options }: { options: FilterOptions }) {
  const [range, setRange] = useState<RangeValue>(DEFAULT_USAGE_RANGE);
  const [group, setGroup] = useState<Group>("day");
  const [model, setModel] = useState("");
  const [provider, setProvider] = useState("");
  const [key, setKey] = useState("");
  const p = rangeParams(range);
  if (model) p.set("model", model);
  if (provider) p.set("provider", provider);
  if (key) p.set("key", key);
  const filterParams = p.toString();
  p.set("group", group);
  const params = p.toString();
  const q = useQuery({
    queryKey: usageKeys.breakdown(params),
    queryFn: ({ signal }) => fetchDashboard<UsageBreakdown>(`/api/dashboard/usage?${params}`, signal),
    placeholderData: keepPreviousData,
  });
  const d = q.data;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <RangePicker value={range} onChange={setRange} />
        <a href={`/api/dashboard/usage/export?${filterParams}`} download className={buttonClasses("secondary", "sm")} data-testid="csv-export">
          Export CSV
        </a>
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <SelectField id="usage-group" label="Group by" value={group} onChange={(e) => setGroup(e.target.value as Group)}>
          {Object.entries(GROUP_LABEL).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </SelectField>
        <SelectField id="usage-model" label="Model" value={model} onChange={(e) => setModel(e.target.value)}>
          <option value="">All models</option>
          {options.models.map((m) => <option key={m} value={m}>{m}</option>)}
        </SelectField>
        <SelectField id="usage-provider" label="Provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
          <option value="">All providers</option>
          {options.providers.map((x) => <option key={x} value={x}>{x}</option>)}
        </SelectField>
        <SelectField id="usage-key" label="Key" value={key} onChange={(e) => setKey(e.target.value)}>
          <option value="">All keys</option>
          {options.keys.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
        </SelectField>
      </div>

      {q.isError ? <Alert>Could not load usage: {q.error.message}</Alert> : null}

      <ChartCard title={`Spend by ${GROUP_LABEL[group].toLowerCase()}`} description="US dollars" loading={!d} empty={d?.groups.length === 0}>
        {/* Days read left to right, every day of the range; other groupings largest first. */}
        <StackedBarChart data={chartData(d, group, range)} series={["Spend"]} palette={SERIES_COLORS} format={chartUsd} axis={usdTick} />
      </ChartCard>

      <Card>
        <CardHeader title={`By ${GROUP_LABEL[group].toLowerCase()}`}
          description={d ? `${n(d.totals.requests)} requests · ${cost(d.totals.costUnits)} · ${n(d.totals.inputTokens)} tokens in · ${n(d.totals.outputTokens)} out` : "Loading…"} />
        {!d ? (
          <div className="space-y-3 p-5">{Array.from({ length: 6 }, (_, i) => <Skeleton key={i} className="h-6" />)}</div>
        ) : d.groups.length === 0 ? (
          <EmptyState title="No usage in this range">Requests you make through the API are counted here within a second.</EmptyState>
        ) : (
          <TableScroll label={`Usage by ${group}`}>
            <table className="w-full min-w-[560px] text-sm" aria-label={`Usage by ${group}`}>
              <thead className="text-left text-xs text-zinc-400">
                <tr className="border-b border-line">
                  <th scope="col" className="px-5 py-2 font-medium">{GROUP_LABEL[group]}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Requests</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Errors</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Tokens in</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Tokens out</th>
                  <th scope="col" className="px-5 py-2 text-right font-medium">Cost</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line font-mono text-xs tabular-nums">
                {d.groups.map((g) => (
                  <tr key={g.label}>
                    <td className="px-5 py-2 whitespace-nowrap text-zinc-100">{group === "day" ? formatDay(g.label) : g.label}</td>
                    <td className="px-3 py-2 text-right">{n(g.requests)}</td>
                    <td className="px-3 py-2 text-right">{n(g.errors)}</td>
                    <td className="px-3 py-2 text-right">{n(g.inputTokens)}</td>
                    <td className="px-3 py-2 text-right">{n(g.outputTokens)}</td>
                    <td className="px-5 py-2 text-right text-zinc-100">{cost(g.costUnits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Card>

      {d && d.rows.length > 0 ? (
        <Card>
          <CardHeader title="Detail rows" description={`Day × model × provider × key — ${n(d.rowCount)} rows${d.truncated ? `, first ${d.rows.length} shown; the CSV has all` : ""}.`} />
          <TableScroll label="Usage rows">
            <table className="w-full min-w-[720px] text-sm" aria-label="Usage rows" data-testid="usage-rows" data-row-count={d.rowCount}>
              <thead className="text-left text-xs text-zinc-400">
                <tr className="border-b border-line">
                  <th scope="col" className="px-5 py-2 font-medium">Day</th>
                  <th scope="col" className="px-3 py-2 font-medium">Model</th>
                  <th scope="col" className="px-3 py-2 font-medium">Provider</th>
                  <th scope="col" className="px-3 py-2 font-medium">Key</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Requests</th>
                  <th scope="col" className="px-5 py-2 text-right font-medium">Cost</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line font-mono text-xs tabular-nums">
                {d.rows.map((r) => (
                  <tr key={`${r.day}|${r.model}|${r.provider}|${r.keyId}`}>
                    <td className="px-5 py-2 whitespace-nowrap">{formatDay(r.day)}</td>
                    <td className="px-3 py-2 text-zinc-100">{r.model}</td>
                    <td className="px-3 py-2">{r.provider || "—"}</td>
                    <td className="px-3 py-2 font-sans">{r.keyName}</td>
                    <td className="px-3 py-2 text-right">{n(r.requests)}</td>
                    <td className="px-5 py-2 text-right text-zinc-100">{cost(r.costUnits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Card>
      ) : null}
    </div>
  );
}
