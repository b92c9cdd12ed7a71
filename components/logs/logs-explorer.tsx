"use client";

// Logs table: filters → react-query infinite query over /api/dashboard/logs (keyset cursor).
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { LogFiltersForm, filtersToParams, EMPTY_FILTERS, type LogFilterValues } from "@/components/logs/log-filters-form";
import { StatusBadge } from "@/components/logs/status-badge";
import { ms } from "@/components/charts/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TableScroll } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { FilterOptions } from "@/lib/usage/get-filter-options";
import type { LogPage } from "@/lib/usage/list-logs";
import { fetchDashboard } from "@/lib/queries/fetch-dashboard";
import { usageKeys } from "@/lib/queries/usage-keys";
import { formatCostUsd } from "@/lib/billing/money";
import { formatDateTime } from "@/lib/dashboard/format";

const usd = (units: string) => formatCostUsd(BigInt(units));

export function LogsExplorer({ options }: { options: FilterOptions }) {
  const [filters, setFilters] = useState<LogFilterValues>(EMPTY_FILTERS);
  const params = filtersToParams(filters).toString();
  const q = useInfiniteQuery({
    queryKey: usageKeys.logs(params),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams(params);
      if (pageParam) p.set("cursor", pageParam);
      return fetchDashboard<LogPage>(`/api/dashboard/logs?${p}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const keyName = new Map(options.keys.map((k) => [k.id, k.name]));
  const filtered = params !== "";

  return (
    <Card>
      <LogFiltersForm options={options} onApply={setFilters} />
      {q.isError ? (
        <Alert className="mx-5 mb-4">Could not load logs: {q.error.message}</Alert>
      ) : null}
      <TableScroll label="Requests" className="border-t border-line">
        <table className="w-full min-w-[820px] text-sm" aria-label="Requests" aria-busy={q.isFetching}>
          <thead className="text-left text-xs text-zinc-400">
            <tr className="border-b border-line">
              <th scope="col" className="px-5 py-2.5 font-medium">Time</th>
              <th scope="col" className="px-3 py-2.5 font-medium">Status</th>
              <th scope="col" className="px-3 py-2.5 font-medium">Model</th>
              <th scope="col" className="px-3 py-2.5 font-medium">Key</th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">Tokens in / out</th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">Cost</th>
              <th scope="col" className="px-5 py-2.5 text-right font-medium">Latency</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {q.isPending
              ? Array.from({ length: 8 }, (_, i) => (
                <tr key={i}><td colSpan={7} className="px-5 py-2.5"><Skeleton className="h-5" /></td></tr>
              ))
              : rows.map((r) => (
                <tr key={r.id} className="group hover:bg-white/[0.03]">
                  <td className="px-5 py-2.5 whitespace-nowrap">
                    {/* The name starts with what the link shows (WCAG 2.5.3) and ends with the request id. */}
                    <Link href={`/dashboard/logs/${encodeURIComponent(r.id)}`} className="text-zinc-200 underline-offset-2 group-hover:underline focus-visible:outline-2 focus-visible:outline-brand-400">
                      {formatDateTime(r.createdAt, { seconds: true })}
                      <span className="sr-only">, request {r.id}</span>
                    </Link>
                  </td>
                  <td className="px-3 py-2.5">
                    <span className="flex items-center gap-1.5 whitespace-nowrap">
                      <StatusBadge status={r.status} />
                      {r.attemptCount > 1 ? <Badge tone="warning">{r.attemptCount} attempts</Badge> : null}
                      {r.stream ? <Badge>stream</Badge> : null}
                      {r.isParent ? <Badge tone="brand">{r.endpoint}</Badge> : null}
                      {r.parentId ? <Badge>sub-call</Badge> : null}
                    </span>
                  </td>
                  <td className="max-w-[220px] truncate px-3 py-2.5 font-mono text-xs text-zinc-200">
                    {r.resolvedModel ?? r.requestedModel}
                    {r.provider ? <span className="text-zinc-400"> · {r.provider}</span> : null}
                  </td>
                  <td className="max-w-[140px] truncate px-3 py-2.5 text-zinc-400">{r.apiKeyId ? keyName.get(r.apiKeyId) ?? "—" : "—"}</td>
                  <td className="px-3 py-2.5 text-right font-mono text-xs text-zinc-300 tabular-nums">
                    {r.inputTokens.toLocaleString("en-US")} / {r.outputTokens.toLocaleString("en-US")}
                  </td>
                  <td className="px-3 py-2.5 text-right font-mono text-xs text-zinc-300 tabular-nums">{usd(r.costUnits)}</td>
                  <td className="px-5 py-2.5 text-right font-mono text-xs text-zinc-300 tabular-nums">{ms(r.latencyMs)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </TableScroll>
      {!q.isPending && rows.length === 0 ? (
        <EmptyState title={filtered ? "No requests match these filters" : "No requests yet"}>
          {filtered ? "Try a wider time range or reset the filters." : "Every call to the API appears here within a second, with its attempts, tokens and cost."}
        </EmptyState>
      ) : null}
      <div className="flex items-center justify-between gap-3 border-t border-line px-5 py-3 text-xs text-zinc-400">
        <span data-testid="logs-count">{rows.length.toLocaleString("en-US")} shown</span>
        {q.hasNextPage ? (
          <Button size="sm" variant="secondary" pending={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>Load more</Button>
        ) : null}
      </div>
    </Card>
  );
}
