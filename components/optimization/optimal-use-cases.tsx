// Use cases with enough data where no capable model is cheaper or clearly faster.
import { Card, CardHeader } from "@/components/ui/card";
import type { UseCase } from "@/lib/optimization/types";
import { classLabel, endpointLabel } from "./format";

export function OptimalUseCases({ useCases }: { useCases: UseCase[] }) {
  return (
    <Card>
      <CardHeader title="Already well placed" description="No model this key may use is cheaper or clearly faster for these use cases." />
      <ul className="divide-y divide-line">
        {useCases.map((u) => (
          <li key={u.id} className="flex flex-wrap items-center justify-between gap-2 px-5 py-3 text-sm">
            <span className="text-zinc-100">
              {classLabel(u.requestClass)} · {endpointLabel(u.endpoint)} · <span className="font-mono">{u.currentModel}</span>
            </span>
            <span className="text-zinc-400">{u.keyName} · {u.requests.toLocaleString("en-US")} requests</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
