import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading the optimization page" className="grid gap-6">
      <Skeleton className="h-12 w-72" />
      <Skeleton className="h-16 w-full rounded-lg" />
      <Skeleton className="h-56 w-full rounded-xl" />
      <Skeleton className="h-56 w-full rounded-xl" />
    </div>
  );
}
