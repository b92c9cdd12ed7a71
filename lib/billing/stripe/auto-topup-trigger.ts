// The hook called after a batch of charges is written (one call per charged account). It
// must cost nothing for accounts without auto top-up: the cached flag decides, and any real
// work (one conditional UPDATE, maybe a Stripe call) runs later, off the response path.
import { logger } from "@/lib/observability/logger";
import { autoTopUpEnabled, cachedAutoTopUpFlag } from "@/lib/billing/stripe/auto-topup-flags";

/** Fire-and-forget: never awaits, never throws into the caller. */
export function queueAutoTopUpCheck(userId: string): void {
  if (cachedAutoTopUpFlag(userId, Date.now()) === false) return;
  setImmediate(() => {
    autoTopUpEnabled(userId, Date.now())
      .then(async (enabled) => {
        if (!enabled) return;
        // Loaded on first use: most processes never charge a card off-session.
        const { runAutoTopUp } = await import("@/lib/billing/stripe/auto-topup");
        await runAutoTopUp(userId);
      })
      .catch((err: unknown) => logger().error({ userId, err: err instanceof Error ? err.message : String(err) }, "auto top-up check failed"));
  });
}
