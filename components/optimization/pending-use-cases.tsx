// Use cases with too little data for a recommendation: how much is logged and how much is needed.
import { Card, CardHeader } from "@/components/ui/card";
import type { PendingUseCase } from "@/lib/optimization/types";
import { classLabel, endpointLabel } from "./format";

export function PendingUseCases({ pending, days }: { pending: PendingUseCase[]; days: number }) {
  return (
    <Card data-testid="pending-use-cases">
      <CardHeader title="Needs more data"
        description={`A use case needs ${pending[0]?.needed ?? 20} answered API requests in the last ${days} days before it gets a recommendation.`} />
      <ul className="divide-y divide-line">
        {pending.map((p) => {
          const u = p.useCase;
          const pct = Math.min(100, Math.round((u.requests / p.needed) * 100));
          return (
            <li key={u.id} className="flex flex-col gap-2 px-5 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p className="text-sm font-medium text-zinc-100">
                  {classLabel(u.requestClass)} · {endpointLabel(u.endpoint)} · <span className="font-mono">{u.currentModel}</span>
                </p>
                <p className="text-xs text-zinc-400">{u.keyName} <span className="font-mono">{u.keyDisplay}</span></p>
              </div>
              <div className="flex items-center gap-3 sm:w-72">
                <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-white/10" role="progressbar" aria-valuemin={0}
                  aria-valuemax={p.needed} aria-valuenow={u.requests} aria-label={`Requests logged for ${classLabel(u.requestClass)}`}>
                  <div className="h-full rounded-full bg-brand-500" style={{ width: `${pct}%` }} />
                </div>
                <p className="shrink-0 text-sm text-zinc-300 tabular-nums" data-testid="pending-count">
                  {u.requests} of {p.needed} requests logged
                </p>
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
