import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Playground } from "@/components/playground/playground";
import { getZeroRetention } from "@/lib/account/zero-retention";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { siteOrigin } from "@/lib/http/site-origin";
import { listHistory } from "@/lib/playground/history";
import { isPlaygroundMode } from "@/lib/playground/modes";
import { playgroundDefaults, playgroundModels } from "@/lib/playground/models";
import { playgroundKeys } from "@/lib/playground/query-keys";

export const metadata: Metadata = { title: "Playground" };

export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await dashboardUser();
  const queries = new QueryClient();
  const [models, zeroRetention, params] = await Promise.all([
    playgroundModels(user.id),
    getZeroRetention(user.id),
    searchParams,
    queries.prefetchQuery({ queryKey: playgroundKeys.history, queryFn: async () => ({ data: await listHistory(user.id) }) }),
  ]);
  const mode = typeof params.mode === "string" && isPlaygroundMode(params.mode) ? params.mode : "compare";
  return (
    <HydrationBoundary state={dehydrate(queries)}>
      <Playground
        models={models}
        defaults={playgroundDefaults(models)}
        apiBase={`${siteOrigin()}/api/v1`}
        initialMode={mode}
        zeroRetention={zeroRetention}
      />
    </HydrationBoundary>
  );
}
