import type { Metadata } from "next";
import { AutoTopUpCard } from "@/components/billing/auto-top-up-card";
import { BuyCreditsForm } from "@/components/billing/buy-credits-form";
import { LedgerTable } from "@/components/billing/ledger-table";
import { PurchasesTable } from "@/components/billing/purchases-table";
import { BalanceCard } from "@/components/dashboard/balance-card";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { stripeConfig } from "@/lib/billing/stripe/config";
import { ledgerPage, listPurchases } from "@/lib/billing/stripe/billing-data";
import { getAutoTopUp } from "@/lib/billing/stripe/auto-topup-settings";
import { dashboardUser } from "@/lib/dashboard/current-user";
import { getBalance } from "@/lib/dashboard/get-balance";

export const metadata: Metadata = { title: "Billing" };
export const dynamic = "force-dynamic";

type Search = Promise<{ page?: string; checkout?: string }>;

export default async function BillingPage({ searchParams }: { searchParams: Search }) {
  const user = await dashboardUser();
  const params = await searchParams;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.page ?? "1", 10) || 1));
  const [balance, purchases, ledger, autoTopUp] = await Promise.all([
    getBalance(user.id), listPurchases(user.id), ledgerPage(user.id, page), getAutoTopUp(user.id),
  ]);
  const paymentsOn = stripeConfig().mode !== "off";

  return (
    <>
      <PageHeader title="Billing" description="Buy credits, set up auto top-up, and see every change to your balance." />
      {params.checkout === "cancelled" ? (
        <Alert tone="info" className="mb-6">Checkout cancelled — you were not charged and your balance is unchanged.</Alert>
      ) : null}
      <div className="flex flex-col gap-8">
        <section aria-label="Balance" className="grid gap-4 sm:grid-cols-2">
          <BalanceCard balance={balance} />
        </section>
        <Card>
          <CardHeader title="Buy credits" description="1 credit = $0.01. Pick a pack or enter an amount; you pay on Stripe's secure checkout page." />
          <CardBody>
            {paymentsOn ? <BuyCreditsForm /> : (
              <Alert tone="warning">Payments are not configured on this server. The operator sets STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (see the README).</Alert>
            )}
          </CardBody>
        </Card>
        <AutoTopUpCard settings={autoTopUp} />
        <Card>
          <CardHeader title="Purchases and receipts" />
          <PurchasesTable purchases={purchases} />
        </Card>
        <Card id="ledger">
          <CardHeader title="Ledger" description="Every change to your balance, newest first. API usage is summarised per day (UTC)." />
          <LedgerTable lines={ledger.lines} page={page} hasMore={ledger.hasMore} />
        </Card>
      </div>
    </>
  );
}
