import type { Metadata } from "next";
import { CreateKeyForm } from "@/components/dashboard/keys/create-key-form";
import { KeysTable } from "@/components/dashboard/keys/keys-table";
import { PageHeader } from "@/components/dashboard/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { listApiKeys } from "@/lib/api-keys/manage-keys";
import { dashboardUser } from "@/lib/dashboard/current-user";

export const metadata: Metadata = { title: "API keys" };

export default async function KeysPage() {
  const user = await dashboardUser();
  const keys = await listApiKeys(user.id);
  const active = keys.filter((k) => k.revokedAt === null).length;
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys authenticate your requests. Each is shown once when created and stored only as a hash."
      />
      <div className="flex flex-col gap-8">
        <Card>
          <CardHeader title="Create a key" description="Use a separate key per app or environment so you can revoke one without touching the rest." />
          <CardBody>
            <CreateKeyForm />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Your keys"
            description={keys.length === 0 ? undefined : `${active} active · ${keys.length - active} revoked`}
          />
          <KeysTable keys={keys} />
        </Card>
      </div>
    </>
  );
}
