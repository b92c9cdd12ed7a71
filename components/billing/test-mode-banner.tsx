import { isTestMode, stripeConfig } from "@/lib/billing/stripe/config";

/** Shown across the dashboard while payments are simulated (local emulator or Stripe test keys). */
export function TestModeBanner() {
  if (!isTestMode()) return null;
  const emulator = stripeConfig().mode === "emulator";
  return (
    <div role="note" data-testid="test-mode-banner" className="border-b border-amber-500/30 bg-amber-500/10 px-4 py-1.5 text-center text-xs font-medium text-amber-200">
      Test mode — {emulator ? "payments go to the built-in Stripe emulator" : "Stripe test keys"}; no real card is charged.
    </div>
  );
}
