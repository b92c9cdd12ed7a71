"use client";

// One row per replayed request: models, cost and latency side by side, the judge's verdict,
// and the two answers behind a disclosure button (aria-expanded) that opens a full-width row
// below, so long answers get the table's whole width rather than one narrow cell.
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { DataTable, srOnly, tableCell } from "@/components/ui/data-table";
import { cost, latency } from "./format";
import { SKIP_LABELS, type ReplayItem } from "./types";

function Verdict({ item }: { item: ReplayItem }) {
  const j = item.judge;
  if (!j) return <span className="text-zinc-500">—</span>;
  if (j.error || j.winner === null) return <span className="text-amber-300">{j.error ?? "no verdict"}</span>;
  const tone = j.winner === "candidate" ? "success" : j.winner === "tie" ? "neutral" : "warning";
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap">
      <Badge tone={tone}>{j.winner === "candidate" ? "win" : j.winner === "tie" ? "tie" : "loss"}</Badge>
      <span className="tabular-nums text-zinc-300">{j.original_score ?? "—"} → {j.candidate_score ?? "—"}</span>
    </span>
  );
}

function Answers({ item }: { item: ReplayItem }) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {[["Original", item.original.answer], ["Candidate", item.candidate?.answer ?? item.candidate?.error ?? null]].map(([label, text]) => (
        <div key={label} className="min-w-0 rounded-lg border border-line bg-canvas/40 p-3">
          <p className="mb-1 text-xs font-medium text-zinc-400">{label}</p>
          <p className="max-h-60 overflow-y-auto text-sm break-words whitespace-pre-wrap text-zinc-200">{text ?? "—"}</p>
        </div>
      ))}
      {item.judge?.reasoning ? <p className="text-xs text-zinc-400 md:col-span-2">Judge: {item.judge.reasoning}</p> : null}
    </div>
  );
}

/** One request, and its two answers side by side in a full-width row below it when opened. */
function ItemRows({ item: i }: { item: ReplayItem }) {
  const [open, setOpen] = useState(false);
  const panel = `replay-answers-${i.position}`;
  return (
    <>
      <tr className="align-top">
        <td className={`${tableCell} tabular-nums text-zinc-400`}>{i.position + 1}</td>
        <td className={tableCell}>
          <Link href={`/dashboard/logs/${i.source_request_id}`} title={i.source_request_id}
            className="block max-w-[11rem] truncate font-mono text-xs text-zinc-300 hover:text-brand-300">
            {i.source_request_id}
          </Link>
          <p className="text-xs text-zinc-500">{i.original.model ?? "?"} → {i.candidate?.model ?? "—"}</p>
          {i.status === "skipped" || i.status === "cancelled" ? (
            <p className="text-xs text-amber-300">{SKIP_LABELS[i.skip_reason ?? i.status] ?? i.skip_reason ?? i.status}</p>
          ) : i.candidate && i.candidate.status !== 200 ? (
            <p className="text-xs text-red-300">candidate failed ({i.candidate.status ?? "?"})</p>
          ) : null}
        </td>
        <td className={`${tableCell} whitespace-nowrap tabular-nums`}>
          {cost(i.original.cost_units)} → {i.candidate ? cost(i.candidate.cost_units) : "—"}
        </td>
        <td className={`${tableCell} whitespace-nowrap tabular-nums`}>
          {latency(i.original.latency_ms)} → {latency(i.candidate?.latency_ms)}
        </td>
        <td className={tableCell}><Verdict item={i} /></td>
        <td className={`${tableCell} text-right`}>
          <Button size="sm" variant="ghost" aria-expanded={open} aria-controls={panel} onClick={() => setOpen((o) => !o)}>
            {open ? "Hide answers" : "Answers"}
          </Button>
        </td>
      </tr>
      {open ? (
        <tr id={panel} className="bg-white/[0.015]">
          <td colSpan={6} className="px-5 pb-4"><Answers item={i} /></td>
        </tr>
      ) : null}
    </>
  );
}

export function ItemsTable({ items, action }: { items: readonly ReplayItem[]; action?: ReactNode }) {
  return (
    <Card className="min-w-0">
      <CardHeader title="Requests" description={`${items.length} sampled requests, original → candidate`} action={action} />
      <DataTable caption="Replayed requests" minWidth="min-w-[760px]" testId="replay-items"
        columns={[{ label: "#" }, { label: "Request" }, { label: "Cost" }, { label: "Latency" }, { label: "Verdict" }, { label: srOnly("Answers"), align: "right" }]}>
        <tbody className="divide-y divide-line">
          {items.map((i) => <ItemRows key={i.position} item={i} />)}
        </tbody>
      </DataTable>
    </Card>
  );
}
