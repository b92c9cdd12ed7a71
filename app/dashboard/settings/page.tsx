import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { DeleteAccount, PurgeLogs } from "@/components/settings/danger-zone";
import { ZeroRetentionSwitch } from "@/components/settings/zero-retention-switch";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { hasPassword } from "@/lib/auth/change-password";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { getZeroRetention } from "@/lib/account/zero-retention";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await dashboardUser();
  const [zeroRetention, withPassword] = await Promise.all([getZeroRetention(user.id), hasPassword(user.id)]);
  return (
    <>
      <PageHeader title="Settings" description={`Signed in as ${user.email}.`} />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader title="Privacy" description="With zero retention on, prompts and responses of new requests are never stored. Metadata (model, tokens, cost, timings) is still logged for billing." />
          <CardBody><ZeroRetentionSwitch initial={zeroRetention} /></CardBody>
        </Card>
        {withPassword ? (
          <Card>
            <CardHeader title="Password" description="Changing it signs you out everywhere, this browser included." />
            <CardBody><ChangePasswordForm /></CardBody>
          </Card>
        ) : null}
        <Card>
          <CardHeader title="Export my data" description="Your profile, keys (never the secrets), credit ledger and request logs as one JSON file." />
          <CardBody>
            <a href="/api/dashboard/export" download className={buttonClasses("secondary", "sm")}>Download JSON</a>
          </CardBody>
        </Card>
        <Card className="border-red-500/30">
          <CardHeader title="Purge logs" description="Delete every stored request log now." />
          <CardBody><PurgeLogs /></CardBody>
        </Card>
        <Card className="border-red-500/30">
          <CardHeader title="Delete account" description="Permanent. There is no undo." />
          <CardBody><DeleteAccount email={user.email} /></CardBody>
        </Card>
      </div>
    </>
  );
}
