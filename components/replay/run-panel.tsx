"use client";

// One run, live: polled every second while it is queued or running (a progress bar and a
// cancel button), then its report — summary cards, charts, the per-request table and CSV.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { StatCard } from "@/components/dashboard/stat-card";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { getReplayJson, postReplay } from "./api";
import { downloadCsv, itemsCsv } from "./csv";
import { cost, credits, filtersText, latency, percent, skippedText, when } from "./format";
import { ItemsTable } from "./items-table";
import { ReportCharts } from "./report-charts";
import { FINISHED, SKIP_LABELS, type ReplayDetail, type ReplayReport, type ReplayStatus } from "./types";

export const replayKeys = { list: ["replay", "list"] as const, run: (id: string) => ["replay", "run", id] as const };

const STATUS_TONE: Record<ReplayStatus, "neutral" | "success" | "warning" | "danger" | "brand"> = {
  queued: "neutral", running: "brand", completed: "success", failed: "danger", cancelled: "warning",
};

export function StatusBadge({ status }: { status: ReplayStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}

function Progress({ done, total }: { done: number; total: number }) {
  const pct = total === 0 ? 100 : Math.round((done / total) * 100);
  return (
    <div>
      <div className="mb-1 flex justify-between text-sm text-zinc-300">
        <span>{done} of {total} requests</span>
        <span className="tabular-nums" data-testid="replay-progress-pct">{pct}%</span>
      </div>
      <div role="progressbar" aria-label="Replay progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}
        className="h-2 w-full overflow-hidden rounded-full bg-white/[0.06]">
        <div className="h-full rounded-full bg-brand-500 transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

function SummaryCards({ report }: { report: ReplayReport }) {
  const q = report.quality;
  const diff = BigInt(report.cost.difference_units);
  return (
    <div className="grid min-w-0 gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="replay-summary">
      <StatCard label="Cost: original → candidate" value={`${cost(report.cost.original_units)} → ${cost(report.cost.candidate_units)}`}
        detail={`${diff <= 0n ? "saves" : "costs"} ${cost((diff < 0n ? -diff : diff).toString())} on ${report.replayed} requests · judge ${cost(report.cost.judge_units)}`} />
      <StatCard label="Candidate latency p50 / p95" value={`${latency(report.latency_ms.candidate.p50)} / ${latency(report.latency_ms.candidate.p95)}`}
        detail={`original ${latency(report.latency_ms.original.p50)} / ${latency(report.latency_ms.original.p95)}`} />
      <StatCard label="Candidate error rate" value={percent(report.error_rate.candidate)} detail="originals: 0% (answered requests only)" />
      <StatCard label="Judged quality (0–10)"
        value={q.judged ? `${q.original_mean_score ?? "—"} → ${q.candidate_mean_score ?? "—"}` : "Not judged"}
        detail={q.judged ? `${q.wins} wins · ${q.ties} ties · ${q.losses} losses (${q.judged} judged)` : "Add a judge to score the answers"} />
    </div>
  );
}

export function RunPanel({ id, onClose, keyName }: { id: string; onClose: () => void; keyName: (id: string) => string }) {
  const client = useQueryClient();
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const q = useQuery({
    queryKey: replayKeys.run(id),
    queryFn: ({ signal }) => getReplayJson<ReplayDetail>(`/api/dashboard/replay/${encodeURIComponent(id)}`, signal),
    refetchInterval: (query) => (query.state.data && FINISHED.has(query.state.data.status) ? false : 1000),
  });
  const run = q.data;
  const finished = run ? FINISHED.has(run.status) : false;
  // The past-runs list shows status and cost: refresh it once this run ends.
  useEffect(() => {
    if (finished) void client.invalidateQueries({ queryKey: replayKeys.list });
  }, [finished, client]);

  async function cancel() {
    setCancelling(true);
    setCancelError(null);
    try {
      await postReplay(`/api/dashboard/replay/${encodeURIComponent(id)}/cancel`);
      await q.refetch();
    } catch (err) {
      setCancelError(err instanceof Error ? err.message : String(err));
    } finally {
      setCancelling(false);
    }
  }

  return (
    <section aria-labelledby="run-heading" className="grid min-w-0 gap-4" data-testid="replay-run">
      <Card className="min-w-0">
        <CardHeader
          title={<span id="run-heading">Replay on {run?.candidate ?? "…"}</span>}
          description={run ? `${run.id} · created ${when(run.created_at)}${run.judge ? ` · judged by ${run.judge}` : ""}` : "Loading…"}
          action={<Button variant="ghost" size="sm" onClick={onClose}>Close</Button>}
        />
        <CardBody className="grid gap-4">
          {q.isError ? (
            <Alert className="flex flex-wrap items-center justify-between gap-3">
              <span>Could not load this replay: {q.error.message}</span>
              <Button size="sm" variant="secondary" onClick={() => void q.refetch()}>Try again</Button>
            </Alert>
          ) : !run ? (
            <Skeleton className="h-10 w-full" />
          ) : (
            <>
              <div className="flex flex-wrap items-center gap-3">
                <StatusBadge status={run.status} />
                <span className="text-sm text-zinc-400">
                  spent {credits(run.spent_units)} of ~{credits(run.estimated_units)} credits estimated
                </span>
                {!finished ? (
                  <Button variant="secondary" size="sm" onClick={() => void cancel()} pending={cancelling} className="ml-auto">Cancel run</Button>
                ) : null}
              </div>
              <Progress done={run.progress.done} total={run.progress.total} />
              {filtersText(run.filters, keyName) ? (
                <p className="text-sm text-zinc-400" data-testid="replay-filters">Only requests with {filtersText(run.filters, keyName)}.</p>
              ) : null}
              {run.error ? <Alert>{run.error}</Alert> : null}
              {run.stopped_reason === "max_credits" ? <Alert tone="warning">Stopped at max credits: the remaining requests were not replayed.</Alert> : null}
              {skippedText(run.skipped, SKIP_LABELS) ? <p className="text-sm text-zinc-400">Not sampled: {skippedText(run.skipped, SKIP_LABELS)}.</p> : null}
              {cancelError ? <Alert>{cancelError}</Alert> : null}
            </>
          )}
        </CardBody>
      </Card>
      {run?.report ? (
        <>
          <SummaryCards report={run.report} />
          <ReportCharts report={run.report} items={run.items} />
          <ItemsTable items={run.items} action={
            <Button variant="secondary" size="sm" onClick={() => downloadCsv(`replay-${run.id}.csv`, itemsCsv(run.items))}>Export CSV</Button>
          } />
        </>
      ) : null}
    </section>
  );
}
