import type { Metadata } from "next";
import { AddProviderKeyForm } from "@/components/byok/add-provider-key-form";
import { ProviderKeysTable } from "@/components/byok/provider-keys-table";
import { PageHeader } from "@/components/dashboard/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { byokProviders } from "@/lib/byok/providers";
import { listProviderKeys } from "@/lib/byok/store";
import { dashboardUser } from "@/lib/dashboard/current-user";

export const metadata: Metadata = { title: "Providers" };
export const dynamic = "force-dynamic";

export default async function ProvidersPage() {
  const user = await dashboardUser();
  const keys = await listProviderKeys(user.id);
  const providers = byokProviders().map((p) => ({ id: p.id, name: p.displayName }));
  const names = Object.fromEntries(providers.map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader
        title="Providers (BYOK)"
        description="Bring your own provider keys: requests to that provider use your key, are billed by the provider to you, and cost no Switchyard credits."
      />
      <div className="flex flex-col gap-8">
        <Card>
          <CardHeader title="Add a key" description="Keys are encrypted (AES-256-GCM) before they are stored and are never shown again — only their last four characters." />
          <CardBody>
            <AddProviderKeyForm providers={providers} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Your provider keys" />
          <ProviderKeysTable keys={keys} names={names} />
        </Card>
      </div>
    </>
  );
}
