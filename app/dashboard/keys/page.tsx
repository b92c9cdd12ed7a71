import type { Metadata } from "next";
import { AuditTrail } from "@/components/dashboard/keys/audit-trail";
import { CreateKeyForm } from "@/components/dashboard/keys/create-key-form";
import { KeysTable } from "@/components/dashboard/keys/keys-table";
import { PageHeader } from "@/components/dashboard/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { keysPageData } from "@/lib/api-keys/key-rows";
import { apiBaseUrl } from "@/lib/dashboard/api-base-url";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { modelsHere } from "@/lib/dashboard/models-here";
import { PolicyOptionsProvider } from "@/components/dashboard/keys/policy-options";
import { listPolicies } from "@/lib/policies/store";

export const metadata: Metadata = { title: "API keys" };

export default async function KeysPage() {
  const user = await dashboardUser();
  const [{ keys, audit, models }, baseUrl, policies] = await Promise.all([keysPageData(user.id), apiBaseUrl(), listPolicies(user.id)]);
  const revoked = keys.filter((k) => k.status === "revoked").length;
  const test = keys.filter((k) => k.mode === "test" && k.status !== "revoked").length;
  return (
    <PolicyOptionsProvider names={policies.map((p) => p.name)}>
      <PageHeader
        title="API keys"
        description="Keys authenticate your requests. Each is shown once when created and stored only as a hash."
      />
      <div className="flex flex-col gap-8">
        <Card>
          <CardHeader title="Create a key" description="Use a separate key per app or environment so you can limit, disable or revoke one without touching the rest." />
          <CardBody>
            <CreateKeyForm models={models} firstCall={{ baseUrl, models: modelsHere().firstCall }} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Your keys"
            description={keys.length === 0 ? undefined
              : `${keys.length - revoked} active · ${revoked} revoked${test ? ` · ${test} in test mode` : ""}. Spend is in credits; days and months are UTC.`}
          />
          <KeysTable keys={keys} models={models} />
        </Card>
        <Card>
          <CardHeader title="Audit trail" description="Every change to your keys, from this page or the management API." />
          <AuditTrail entries={audit} />
        </Card>
      </div>
    </PolicyOptionsProvider>
  );
}
