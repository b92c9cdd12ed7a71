import { Skeleton } from "@/components/ui/skeleton";
import { Card } from "@/components/ui/card";

export default function PoliciesLoading() {
  return (
    <div role="status" aria-label="Loading policies">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="mt-2 mb-8 h-4 w-96 max-w-full" />
      <Card className="p-5">
        <Skeleton className="h-5 w-36" />
        <div className="mt-6 grid gap-4 sm:grid-cols-2">
          {[0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-10 w-full" />)}
        </div>
      </Card>
      <Card className="mt-8 p-5">
        <Skeleton className="h-5 w-28" />
        {[0, 1].map((i) => <Skeleton key={i} className="mt-5 h-12 w-full" />)}
      </Card>
    </div>
  );
}
