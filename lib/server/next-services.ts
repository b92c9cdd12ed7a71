// What the Next process runs besides pages (called from instrumentation.ts, inside Next's
// bundle): the cache-invalidation listener (dashboard sessions, keys, zero retention), the
// release of a previous incarnation's credit holds (the playground reserves credits here),
// its page of the merged /api/metrics, and the drain hook its launcher (next-process.ts)
// calls on shutdown.
import { releasePredecessorHolds } from "@/lib/billing/settlement/holds";
import { env } from "@/lib/env";
import { startInvalidationListener } from "@/lib/invalidation/start";
import { logger } from "@/lib/observability/logger";
import { renderMetrics } from "@/lib/observability/metrics";
import { redisLink } from "@/lib/redis";
import { internalSettings, isIpcMessage, type IpcMessage } from "./internal";
import { settleBeforeExit } from "./settle-before-exit";

const NEXT_DRAIN_HOOK = Symbol.for("switchyard.nextDrain"); // next-process.ts reads it

export function startNextProcessServices(): void {
  if (!env().DATABASE_URL) return; // `next build` and pages-only previews
  startInvalidationListener();
  redisLink(); // sign-in/sign-up throttles and the playground's limits, shared when REDIS_URL is set
  if (internalSettings().role === "next") {
    process.on("message", (m: unknown) => {
      if (!isIpcMessage(m)) return;
      // Once the primary says the public port is ours (lib/server/primary.ts).
      if (m.type === "port-bound") {
        releasePredecessorHolds().catch((err: unknown) => logger().error({ err }, "releasing a previous incarnation's credit holds failed"));
      } else if (m.type === "metrics-collect") {
        // This process's page for the merged /api/metrics an API worker serves.
        process.send?.({ type: "metrics-part", id: m.id, slot: "next", text: renderMetrics() } satisfies IpcMessage);
      }
    });
  }
  (globalThis as Record<symbol, unknown>)[NEXT_DRAIN_HOOK] = async () => {
    await settleBeforeExit();
  };
}
