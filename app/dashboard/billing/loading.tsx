import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function BillingLoading() {
  return (
    <div role="status" aria-label="Loading billing">
      <Skeleton className="h-8 w-32" />
      <Skeleton className="mt-2 mb-8 h-4 w-96 max-w-full" />
      <Skeleton className="h-32 w-full max-w-xl rounded-xl" />
      <Card className="mt-8 p-5">
        <Skeleton className="h-5 w-32" />
        <div className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {[0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-20" />)}
        </div>
      </Card>
      <Card className="mt-8 p-5">
        <Skeleton className="h-5 w-28" />
        {[0, 1, 2].map((i) => <Skeleton key={i} className="mt-5 h-9 w-full" />)}
      </Card>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
