import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

export function StatCard({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <Card className="p-5">
      <p className="text-sm text-zinc-400">{label}</p>
      <p className="mt-2 text-2xl font-semibold tracking-tight text-zinc-50 tabular-nums">{value}</p>
      {detail ? <p className="mt-1 text-xs text-zinc-400">{detail}</p> : null}
    </Card>
  );
}
