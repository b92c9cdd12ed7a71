import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/** The overview's placeholder while its figures load (the page's own Suspense fallback). */
export function OverviewSkeleton() {
  return (
    <div role="status" aria-label="Loading overview">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="mt-2 mb-8 h-4 w-80 max-w-full" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Card className="p-5 sm:col-span-2">
          <Skeleton className="h-4 w-28" />
          <Skeleton className="mt-3 h-8 w-64 max-w-full" />
          <Skeleton className="mt-3 h-3 w-72 max-w-full" />
        </Card>
        {[0, 1].map((i) => (
          <Card key={i} className="p-5">
            <Skeleton className="h-4 w-28" />
            <Skeleton className="mt-3 h-7 w-24" />
            <Skeleton className="mt-2 h-3 w-20" />
          </Card>
        ))}
      </div>
      <div className="mt-8 grid gap-8 xl:grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)]">
        <Card className="p-5">
          <Skeleton className="h-5 w-44" />
          <Skeleton className="mt-6 h-24 w-full" />
          <Skeleton className="mt-4 h-24 w-full" />
        </Card>
        <Card className="p-5">
          <Skeleton className="h-5 w-36" />
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="mt-5 h-10 w-full" />
          ))}
        </Card>
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
