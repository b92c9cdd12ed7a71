import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/** A titled card holding one chart; shows a skeleton while loading and a note when empty. */
export function ChartCard({
  title, description, loading, empty, children,
}: { title: string; description?: string; loading?: boolean; empty?: boolean; children: ReactNode }) {
  return (
    <Card className="min-w-0">
      <CardHeader title={title} description={description} />
      <div className="h-64 px-2 py-4 sm:px-4" role="figure" aria-label={title}>
        {loading ? (
          <Skeleton className="h-full w-full" />
        ) : empty ? (
          <p className="flex h-full items-center justify-center text-sm text-zinc-400">No data in this range.</p>
        ) : (
          children
        )}
      </div>
    </Card>
  );
}
