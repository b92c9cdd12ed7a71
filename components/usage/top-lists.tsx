import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { OverviewStats } from "@/lib/usage/get-overview-stats";

function Rows({ items }: { items: Array<{ id: string; name: string; sub?: string; requests: number; cost: string }> }) {
  if (items.length === 0) return <p className="px-5 py-4 text-sm text-zinc-500">Nothing yet.</p>;
  return (
    <ul className="divide-y divide-line">
      {items.map((i) => (
        <li key={i.id} className="flex items-center justify-between gap-4 px-5 py-2.5">
          <div className="min-w-0">
            <p className="truncate font-mono text-sm text-zinc-100">{i.name}</p>
            {i.sub ? <p className="truncate text-xs text-zinc-500">{i.sub}</p> : null}
          </div>
          <div className="shrink-0 text-right">
            <p className="font-mono text-sm text-zinc-100 tabular-nums">{i.cost}</p>
            <p className="text-xs text-zinc-500 tabular-nums">{i.requests.toLocaleString("en-US")} req</p>
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
          <div>
            <h3 className="px-5 pt-3 text-xs font-medium tracking-wide text-zinc-500 uppercase">Models</h3>
            <Rows items={data.topModels.map((m) => ({ id: m.model, name: m.model, requests: m.requests, cost: m.cost }))} />
          </div>
          <div>
            <h3 className="px-5 pt-3 text-xs font-medium tracking-wide text-zinc-500 uppercase">Keys</h3>
            <Rows items={data.topKeys.map((k) => ({ id: k.id || "deleted", name: k.name, sub: k.display, requests: k.requests, cost: k.cost }))} />
          </div>
        </div>
      )}
    </Card>
  );
}
