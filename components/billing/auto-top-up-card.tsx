import { AutoTopUpForm } from "@/components/billing/auto-top-up-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatCents } from "@/lib/billing/money";
import type { AutoTopUpView } from "@/lib/billing/stripe/auto-topup-settings";

const usd = formatCents;

export function AutoTopUpCard({ settings }: { settings: AutoTopUpView }) {
  return (
    <Card>
      <CardHeader
        title="Auto top-up"
        description="When a request leaves your balance below the threshold, we charge your saved card — at most once at a time and never past your monthly cap."
        action={settings.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
      />
      <CardBody className="flex flex-col gap-4">
        {settings.lastError ? <Alert tone="warning">Last attempt failed: {settings.lastError}</Alert> : null}
        {settings.cardLabel ? (
          <p className="text-sm text-zinc-400">
            Card: <span className="text-zinc-200">{settings.cardLabel}</span> (saved at your last checkout) · This month:{" "}
            <span className="text-zinc-200 tabular-nums">{usd(settings.monthSpentCents)}</span> of {usd(settings.monthlyCapCents)}
          </p>
        ) : (
          <p className="text-sm text-zinc-400">Buy credits once with a card to use auto top-up; the card is saved securely by Stripe.</p>
        )}
        <AutoTopUpForm settings={settings} disabled={!settings.cardLabel} />
      </CardBody>
    </Card>
  );
}
