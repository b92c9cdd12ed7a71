import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DataTable, tableCell as td } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { CardIcon } from "@/components/ui/icons";
import { formatCents, formatCredits } from "@/lib/billing/money";
import type { PurchaseView } from "@/lib/billing/stripe/billing-data";
import { formatDateTime } from "@/lib/dashboard/format";

const usd = formatCents;

function statusOf(p: PurchaseView): { label: string; tone: BadgeTone } {
  if (p.status === "paid" && p.clawedBackCents >= p.amountCents) return { label: "Refunded", tone: "warning" };
  if (p.status === "paid" && p.clawedBackCents > 0) return { label: "Partly refunded", tone: "warning" };
  if (p.status === "paid") return { label: "Paid", tone: "success" };
  if (p.status === "processing") return { label: "Processing", tone: "neutral" };
  if (p.status === "open" && p.failureMessage) return { label: "Declined", tone: "danger" };
  if (p.status === "flagged") return { label: "Under review", tone: "danger" };
  if (p.status === "failed") return { label: "Failed", tone: "danger" };
  return { label: p.status.charAt(0).toUpperCase() + p.status.slice(1), tone: "neutral" };
}


export function PurchasesTable({ purchases }: { purchases: PurchaseView[] }) {
  if (purchases.length === 0) {
    return <EmptyState icon={<CardIcon />} title="No purchases yet">Receipts for credit purchases will appear here.</EmptyState>;
  }
  return (
    <DataTable caption="Credit purchases and receipts" minWidth="min-w-[640px]" testId="purchases-table"
      columns={[{ label: "Date" }, { label: "Amount", align: "right" }, { label: "Credits", align: "right" }, { label: "Status" }, { label: "Receipt", align: "right" }]}>
      <tbody className="divide-y divide-line text-zinc-300">
        {purchases.map((p) => {
          const s = statusOf(p);
          return (
            <tr key={p.id}>
              <td className={`${td} whitespace-nowrap text-zinc-400`}><time dateTime={p.createdAt.toISOString()}>{formatDateTime(p.createdAt)}</time></td>
              <td className={`${td} text-right whitespace-nowrap`}>
                {p.source === "auto_topup" ? <span className="mr-2 text-xs text-zinc-400">auto top-up</span> : null}
                <span className="font-mono tabular-nums">{usd(p.amountCents)}</span>
              </td>
              <td className={`${td} text-right font-mono tabular-nums`}>{formatCredits(p.credits, 0)}</td>
              <td className={td}>
                <Badge tone={s.tone}>{s.label}</Badge>
                {p.failureMessage && p.status !== "paid" ? <span className="ml-2 text-xs text-zinc-400">{p.failureMessage}</span> : null}
              </td>
              <td className={`${td} text-right`}>
                {p.receiptUrl ? (
                  <a href={p.receiptUrl} target="_blank" rel="noreferrer" className="text-brand-300 underline-offset-2 hover:underline">
                    View<span className="sr-only"> receipt for {usd(p.amountCents)}</span>
                  </a>
                ) : <span className="text-zinc-400">—</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
