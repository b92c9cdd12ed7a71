import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { ReplayLab } from "@/components/replay/replay-lab";
import type { ReplaySummary } from "@/components/replay/types";
import { getZeroRetention } from "@/lib/account/zero-retention";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { playgroundDefaults, playgroundModels } from "@/lib/playground/models";
import { listPolicies } from "@/lib/policies/store";
import { policyModelOption } from "@/lib/policies/view";
import { listReplays } from "@/lib/replay";
import { REQUEST_CLASSES } from "@/lib/routing/auto/classify";
import { getFilterOptions } from "@/lib/usage/get-filter-options";

export const metadata: Metadata = { title: "Replay lab" };

export default async function ReplayPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await dashboardUser();
  const [models, options, runs, zeroRetention, params, policies] = await Promise.all([
    playgroundModels(user.id), getFilterOptions(user.id), listReplays(user.id), getZeroRetention(user.id), searchParams,
    listPolicies(user.id),
  ]);
  const d = playgroundDefaults(models);
  const run = typeof params.run === "string" && params.run.length <= 100 ? params.run : null;
  return (
    <>
      <PageHeader title="Replay lab"
        description="Replay real traffic on a candidate model: estimate first (free), then run it and compare cost, latency and judged quality." />
      <ReplayLab models={models} policies={policies.map(policyModelOption)} options={options} requestClasses={REQUEST_CLASSES}
        runs={runs as ReplaySummary[]}
        defaults={{ candidate: d.compare[1] ?? d.compare[0] ?? "", judge: d.judge.judge }} initialRun={run} zeroRetention={zeroRetention} />
    </>
  );
}
