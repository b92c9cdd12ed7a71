"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { purchaseStatusAction, type PurchaseStatus } from "@/app/dashboard/billing/actions";
import { Alert } from "@/components/ui/alert";
import { Spinner } from "@/components/ui/button";

const POLL_MS = 1_000;
const GIVE_UP_MS = 120_000;

/**
 * The webhook may arrive after the browser is back from Stripe: poll until the purchase is in
 * the ledger, then re-render the server page (which shows the new balance).
 */
export function PurchaseStatusPoller({ sessionId }: { sessionId: string }) {
  const router = useRouter();
  const [status, setStatus] = useState<PurchaseStatus>({ state: "processing", message: null });
  const [slow, setSlow] = useState(false);

  useEffect(() => {
    let stopped = false;
    const started = Date.now();
    const tick = async () => {
      if (stopped) return;
      const s = await purchaseStatusAction(sessionId).catch(() => ({ state: "processing", message: null }) as PurchaseStatus);
      if (stopped) return;
      setStatus(s);
      if (s.state === "granted") return router.refresh();
      if (s.state !== "processing") return;
      if (Date.now() - started > 10_000) setSlow(true);
      if (Date.now() - started < GIVE_UP_MS) setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
    };
  }, [sessionId, router]);

  if (status.state === "failed") return <Alert>{status.message ?? "This payment could not be completed. You were not charged credits."}</Alert>;
  if (status.state === "unknown") return <Alert>We could not find this checkout for your account.</Alert>;
  return (
    <div role="status" aria-live="polite" data-testid="purchase-processing" className="flex items-center gap-3 text-sm text-zinc-300">
      <Spinner className="text-brand-400" />
      <span>
        Processing your payment… your credits appear as soon as Stripe confirms it.
        {slow ? " This is taking longer than usual; you can leave this page — the credits will still arrive." : ""}
      </span>
    </div>
  );
}
