import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatCostUsd } from "@/lib/billing/money";
import type { OverviewStats } from "@/lib/usage/get-overview-stats";

type Item = { id: string; name: string; sub?: string; requests: number; costUnits: string };

function Rows({ items, label }: { items: Item[]; label: string }) {
  if (items.length === 0) return <p className="px-5 py-4 text-sm text-zinc-400">Nothing yet.</p>;
  return (
    <ul aria-label={label} className="divide-y divide-line">
      {items.map((i) => (
        // min-w-0 + flex-1 let a long key name truncate instead of pushing the amounts out of
        // the card on a phone.
        <li key={i.id} className="flex items-center justify-between gap-4 px-5 py-2.5">
          <div className="min-w-0 flex-1">
            <p className="truncate font-mono text-sm text-zinc-100" title={i.name}>{i.name}</p>
            {i.sub ? <p className="truncate text-xs text-zinc-400">{i.sub}</p> : null}
          </div>
          <div className="shrink-0 text-right">
            <p className="font-mono text-sm text-zinc-100 tabular-nums">{formatCostUsd(BigInt(i.costUnits))}</p>
            <p className="text-xs text-zinc-400 tabular-nums">{i.requests.toLocaleString("en-US")} req</p>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Top models and keys by spend in the chosen range. */
export function TopLists({ data }: { data: OverviewStats | undefined }) {
  return (
    <Card className="min-w-0">
      <CardHeader title="Top models and keys" description="By spend in this range" />
      {!data ? (
        <div className="space-y-3 p-5">{Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-8" />)}</div>
      ) : (
        <div className="grid divide-y divide-line sm:grid-cols-2 sm:divide-x sm:divide-y-0 lg:grid-cols-1 lg:divide-x-0 lg:divide-y" data-testid="top-lists">
          <div className="min-w-0">
            <h3 className="px-5 pt-3 text-xs font-medium tracking-wide text-zinc-400 uppercase">Models</h3>
            <Rows label="Top models" items={data.topModels.map((m) => ({ id: m.model, name: m.model, requests: m.requests, costUnits: m.costUnits }))} />
          </div>
          <div className="min-w-0" data-testid="top-keys">
            <h3 className="px-5 pt-3 text-xs font-medium tracking-wide text-zinc-400 uppercase">Keys</h3>
            <Rows label="Top keys" items={data.topKeys.map((k) => ({ id: k.id || "deleted", name: k.name, sub: k.display, requests: k.requests, costUnits: k.costUnits }))} />
          </div>
        </div>
      )}
    </Card>
  );
}
