import { Skeleton } from "@/components/ui/skeleton";
import { Card } from "@/components/ui/card";

export default function KeysLoading() {
  return (
    <div role="status" aria-label="Loading API keys">
      <Skeleton className="h-8 w-40" />
      <Skeleton className="mt-2 mb-8 h-4 w-96 max-w-full" />
      <Card className="p-5">
        <Skeleton className="h-5 w-32" />
        <div className="mt-6 flex gap-3">
          <Skeleton className="h-10 flex-1" />
          <Skeleton className="h-10 w-28" />
        </div>
      </Card>
      <Card className="mt-8 p-5">
        <Skeleton className="h-5 w-28" />
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="mt-5 h-9 w-full" />
        ))}
      </Card>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
