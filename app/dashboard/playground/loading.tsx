import { Skeleton } from "@/components/ui/skeleton";

export default function PlaygroundLoading() {
  return (
    <div aria-busy="true" aria-label="Loading the playground">
      <Skeleton className="h-8 w-40" />
      <Skeleton className="mt-2 h-4 w-96 max-w-full" />
      <div className="mt-8 flex gap-4">
        {[0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-8 w-24" />)}
      </div>
      <Skeleton className="mt-6 h-64 w-full rounded-xl" />
    </div>
  );
}
