// The hook settleCharge calls after every settlement. It must cost nothing for accounts
// without auto top-up: a short-TTL in-memory flag per account decides, and any real work
// (one conditional UPDATE, maybe a Stripe call) runs later, off the response path.
import { pool } from "@/lib/db";
import { logger } from "@/lib/observability/logger";
import { sharedTtlCache } from "@/lib/shared-state";

const TTL_MS = 30_000;
const flags = sharedTtlCache<boolean>("autoTopUpFlags", 50_000);

async function enabledFor(userId: string, now: number): Promise<boolean> {
  const cached = flags.get(userId, now);
  if (cached !== undefined) return cached;
  const { rows } = await pool().query<{ enabled: boolean }>({ name: "auto_topup_flag", text: "SELECT enabled FROM auto_top_ups WHERE user_id = $1", values: [userId] });
  const enabled = rows[0]?.enabled === true;
  flags.set(userId, enabled, TTL_MS, now);
  return enabled;
}

/** Settings changed (or a failure disabled it): re-read on the next settle. */
export function forgetAutoTopUp(userId: string): void {
  flags.delete(userId);
}

/** Fire-and-forget: never awaits, never throws into the caller. */
export function queueAutoTopUpCheck(userId: string): void {
  if (flags.get(userId, Date.now()) === false) return;
  setImmediate(() => {
    enabledFor(userId, Date.now())
      .then(async (enabled) => {
        if (!enabled) return;
        const { runAutoTopUp } = await import("@/lib/billing/stripe/auto-topup");
        await runAutoTopUp(userId);
      })
      .catch((err: unknown) => logger().error({ userId, err: err instanceof Error ? err.message : String(err) }, "auto top-up check failed"));
  });
}
