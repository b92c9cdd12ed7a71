import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { PolicyForm } from "@/components/dashboard/policies/policy-form";
import { PolicyList } from "@/components/dashboard/policies/policy-list";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RouteIcon } from "@/components/ui/icons";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { policiesPageData } from "@/lib/policies/page-data";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const user = await dashboardUser();
  const { policies, models } = await policiesPageData(user.id);
  return (
    <>
      <PageHeader
        title="Routing policies"
        description={<>Named routing rules: call one as <code className="font-mono text-zinc-300">model: &quot;policy/&lt;name&gt;&quot;</code>, or make it a key&apos;s default for <code className="font-mono text-zinc-300">auto</code> on the API keys page.</>}
      />
      <div className="flex flex-col gap-8">
        <Card>
          <CardHeader title="Create a policy" description="The router ranks the allowed models by the goal, from measured latency, cost and success rate, and skips those over your limits." />
          <CardBody>
            <PolicyForm initial={null} models={models} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Your policies" description={policies.length ? `${policies.length} ${policies.length === 1 ? "policy" : "policies"}.` : undefined} />
          {policies.length === 0 ? (
            <EmptyState icon={<RouteIcon className="size-5" />} title="No policies yet">
              Create one above, then send <code className="font-mono">model: &quot;policy/&lt;name&gt;&quot;</code> to any chat endpoint.
            </EmptyState>
          ) : (
            <PolicyList policies={policies} models={models} />
          )}
        </Card>
      </div>
    </>
  );
}
