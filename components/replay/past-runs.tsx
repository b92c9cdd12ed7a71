"use client";

// The account's replay runs, newest first: status, candidate, when, what it spent; each one
// reopens in the run panel.
import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { DataTable, srOnly, tableCell } from "@/components/ui/data-table";
import { getReplayJson } from "./api";
import { credits, when } from "./format";
import { replayKeys, StatusBadge } from "./run-panel";
import type { ReplaySummary } from "./types";

export function PastRuns({ initial, openId, onOpen }: { initial: ReplaySummary[]; openId: string | null; onOpen: (id: string) => void }) {
  const q = useQuery({
    queryKey: replayKeys.list,
    queryFn: ({ signal }) => getReplayJson<{ data: ReplaySummary[] }>("/api/dashboard/replay", signal),
    initialData: { data: initial },
    staleTime: 5_000,
  });
  const runs = q.data.data;
  return (
    <Card className="min-w-0">
      <CardHeader title="Past runs" description={runs.length ? "Reopen a run to see its report." : undefined} />
      {q.isError ? <Alert className="m-4">Could not refresh the runs: {q.error.message}</Alert> : null}
      {runs.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-400">No runs yet: estimate a replay above, then run it.</p>
      ) : (
        <DataTable caption="Past replay runs" minWidth="min-w-[620px]" testId="replay-runs"
          columns={[{ label: "Status" }, { label: "Candidate" }, { label: "Created" }, { label: "Progress" }, { label: "Spent", align: "right" }, { label: srOnly("Open") }]}>
          <tbody className="divide-y divide-line">
            {runs.map((r) => (
              <tr key={r.id} aria-current={r.id === openId ? "true" : undefined} className={r.id === openId ? "bg-white/[0.03]" : undefined}>
                <td className={tableCell}><StatusBadge status={r.status} /></td>
                <td className={`${tableCell} font-mono text-xs text-zinc-200`}>{r.candidate}</td>
                <td className={`${tableCell} whitespace-nowrap text-zinc-400`}>{when(r.created_at)}</td>
                <td className={`${tableCell} tabular-nums text-zinc-300`}>{r.progress.done}/{r.progress.total}</td>
                <td className={`${tableCell} text-right tabular-nums text-zinc-200`}>{credits(r.spent_units)} cr</td>
                <td className={`${tableCell} text-right`}>
                  <Button size="sm" variant="secondary" onClick={() => onOpen(r.id)} aria-label={`Open run ${r.id}`}>Open</Button>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </Card>
  );
}
