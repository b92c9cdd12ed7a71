import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { DataTable, tableCell as td } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCostUsd, formatUsd } from "@/lib/billing/money";
import type { LedgerLine } from "@/lib/billing/stripe/billing-data";
import { formatDateTime, formatDay, formatSignedCredits } from "@/lib/dashboard/format";

function labelOf(line: LedgerLine): { label: string; tone: BadgeTone } {
  if (line.kind === "grant") return { label: "Grant", tone: "brand" };
  if (line.kind === "purchase") return { label: "Purchase", tone: "success" };
  if (line.kind === "usage") return { label: "Usage", tone: "neutral" };
  if (line.reason === "refund") return { label: "Refund", tone: "warning" };
  if (line.reason === "dispute") return { label: "Dispute", tone: "danger" };
  return { label: "Adjustment", tone: "warning" };
}

function describe(line: LedgerLine): string {
  if (line.kind === "usage") {
    const day = formatDay(line.id.replace("usage-", ""));
    return `API usage on ${day} · ${line.requests.toLocaleString("en-US")} ${line.requests === 1 ? "request" : "requests"}`;
  }
  return line.description ?? labelOf(line).label;
}


export function LedgerTable({ lines, page, hasMore }: { lines: LedgerLine[]; page: number; hasMore: boolean }) {
  if (lines.length === 0 && page === 1) {
    return <EmptyState title="No balance changes yet">Grants, purchases, usage and refunds will be listed here.</EmptyState>;
  }
  return (
    <>
      <DataTable caption="Balance changes, newest first" minWidth="min-w-[640px]" testId="ledger-table"
        columns={[{ label: "Date" }, { label: "Type" }, { label: "Description" }, { label: "Credits", align: "right" }, { label: "USD", align: "right" }]}>
        <tbody className="divide-y divide-line text-zinc-300">
          {lines.map((l) => {
            const label = labelOf(l);
            // Usage lines are costs: the dashboard's cost precision (6 decimals of USD = 4 of
            // credits). Grants, purchases and refunds move whole cents.
            const cost = l.kind === "usage";
            return (
              <tr key={l.id}>
                <td className={`${td} whitespace-nowrap text-zinc-400`}>
                  <time dateTime={l.at.toISOString()}>{cost ? formatDay(l.id.replace("usage-", "")) : formatDateTime(l.at)}</time>
                </td>
                <td className={td}><Badge tone={label.tone}>{label.label}</Badge></td>
                <td className={`${td} max-w-80 truncate`}>{describe(l)}</td>
                <td className={`${td} text-right font-mono tabular-nums ${l.amount >= 0n ? "text-brand-300" : "text-zinc-300"}`}>
                  {formatSignedCredits(l.amount, cost ? 4 : 2)}
                </td>
                <td className={`${td} text-right font-mono text-zinc-400 tabular-nums`}>{cost ? formatCostUsd(l.amount) : formatUsd(l.amount)}</td>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
      <nav aria-label="Ledger pages" className="flex items-center justify-between border-t border-line px-5 py-3 text-sm text-zinc-400">
        <span>Page {page}</span>
        <div className="flex gap-2">
          {page > 1 ? <Link className={buttonClasses("secondary", "sm")} href={`/dashboard/billing?page=${page - 1}#ledger`}>Newer</Link> : null}
          {hasMore ? <Link className={buttonClasses("secondary", "sm")} href={`/dashboard/billing?page=${page + 1}#ledger`}>Older</Link> : null}
        </div>
      </nav>
    </>
  );
}
