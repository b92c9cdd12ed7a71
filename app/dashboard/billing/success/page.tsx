import type { Metadata } from "next";
import { PurchaseStatusPoller } from "@/components/billing/purchase-status";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { formatCredits, formatUsd } from "@/lib/billing/money";
import { purchaseBySession, purchaseGranted } from "@/lib/billing/stripe/billing-data";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { getBalance } from "@/lib/dashboard/get-balance";

export const metadata: Metadata = { title: "Payment" };
export const dynamic = "force-dynamic";

export default async function CheckoutSuccessPage({ searchParams }: { searchParams: Promise<{ session_id?: string }> }) {
  const user = await dashboardUser();
  const sessionId = (await searchParams).session_id ?? "";
  const purchase = /^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId) ? await purchaseBySession(user.id, sessionId) : null;
  const granted = purchase ? await purchaseGranted(user.id, purchase.id) : false;
  const balance = granted ? await getBalance(user.id) : 0n;

  return (
    <>
      <PageHeader title={granted ? "Payment received" : "Finishing your purchase"} />
      <Card className="max-w-2xl">
        <CardBody className="flex flex-col gap-4 py-6">
          {!purchase ? (
            <Alert>We could not find this checkout for your account. If you paid, your credits will still arrive — check Billing in a minute.</Alert>
          ) : granted ? (
            <div role="status" data-testid="purchase-complete">
              <p className="text-lg font-semibold text-zinc-50">
                +{formatCredits(purchase.credits, 0)} credits added
              </p>
              <p className="mt-1 text-sm text-zinc-400">
                Your balance is now <span className="font-medium text-zinc-100">{formatCredits(balance)} credits</span> ({formatUsd(balance)}).
              </p>
            </div>
          ) : (
            <PurchaseStatusPoller sessionId={sessionId} />
          )}
          <div className="flex flex-wrap gap-3">
            <ButtonLink href="/dashboard/billing" variant={granted ? "primary" : "secondary"}>Back to billing</ButtonLink>
            {granted ? <ButtonLink href="/dashboard" variant="ghost">Go to overview</ButtonLink> : null}
          </div>
        </CardBody>
      </Card>
    </>
  );
}
