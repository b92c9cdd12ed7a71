import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, formatSignedCredits } from "@/lib/dashboard/format";
import type { OverviewLedgerEntry } from "@/lib/usage/get-overview-header";

const kindLabel: Record<string, { label: string; tone: BadgeTone }> = {
  grant: { label: "Grant", tone: "brand" },
  purchase: { label: "Purchase", tone: "success" },
  charge: { label: "Usage", tone: "neutral" },
  refund: { label: "Refund", tone: "success" },
  adjustment: { label: "Adjustment", tone: "warning" },
};

export function RecentActivity({ entries }: { entries: OverviewLedgerEntry[] }) {
  return (
    <Card>
      <CardHeader title="Recent activity" description="Credits added to and spent from your balance." />
      {entries.length === 0 ? (
        <EmptyState title="No activity yet" className="py-10">
          Grants, purchases and usage charges will appear here.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-line">
          {entries.map((e) => {
            const kind = kindLabel[e.kind] ?? { label: e.kind, tone: "neutral" as const };
            return (
              <li key={e.id} className="flex items-center justify-between gap-4 px-5 py-3.5">
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium text-zinc-100">{e.description ?? kind.label}</p>
                  <p className="mt-0.5 flex items-center gap-2 text-xs text-zinc-400">
                    <Badge tone={kind.tone}>{kind.label}</Badge>
                    <time dateTime={e.createdAt.toISOString()}>{formatDateTime(e.createdAt)}</time>
                  </p>
                </div>
                <span
                  className={
                    e.amount >= 0n
                      ? "shrink-0 font-mono text-sm font-medium text-brand-300 tabular-nums"
                      : "shrink-0 font-mono text-sm text-zinc-300 tabular-nums"
                  }
                >
                  {formatSignedCredits(e.amount)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
