import { Card } from "@/components/ui/card";
import { formatCredits, formatUsd } from "@/lib/billing/money";

export function BalanceCard({ balance }: { balance: bigint }) {
  return (
    <Card className="relative overflow-hidden p-5 sm:col-span-2">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute -top-24 -right-24 size-64 rounded-full bg-brand-500/10 blur-3xl"
      />
      <p className="text-sm text-zinc-400">Credit balance</p>
      <p className="mt-2 flex flex-wrap items-baseline gap-x-2 text-3xl font-semibold tracking-tight text-zinc-50 tabular-nums">
        <span>{formatCredits(balance)} credits</span>
        <span className="text-base font-normal text-zinc-400">· {formatUsd(balance)}</span>
      </p>
      <p className="mt-2 text-xs text-zinc-400">1 credit = $0.01. Requests are charged per token at catalog prices.</p>
    </Card>
  );
}
