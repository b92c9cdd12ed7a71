/** Shown across the dashboard while payments are simulated (local emulator or Stripe test keys). */
export function TestModeBanner({ mode }: { mode: "emulator" | "test-keys" | null }) {
  if (!mode) return null;
  return (
    // A labelled region (a landmark), so the notice is not content outside every landmark.
    <div role="region" aria-label="Payments test mode" data-testid="test-mode-banner" className="border-b border-amber-500/30 bg-amber-500/10 px-4 py-1.5 text-center text-xs font-medium text-amber-200">
      Test mode — {mode === "emulator" ? "payments go to the built-in Stripe emulator" : "Stripe test keys"}; no real card is charged.
    </div>
  );
}
