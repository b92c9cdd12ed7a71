// An API worker (one per WEB_CONCURRENCY, forked by lib/server/primary.ts; all share the public
// port). It answers /api/v1/* and /v1/* on plain Node req/res with the gateway core, plus
// health/readiness/metrics, and hands every other request to the Next process
// (next-proxy.ts). It never loads Next: one copy of each module, no AsyncLocalStorage cost.
import http from "node:http";
import v8 from "node:v8";
import { env } from "@/lib/env";
import { handleNodeApi } from "@/lib/gateway/http/node-door";
import { startInvalidationListener } from "@/lib/invalidation/start";
import { releasePredecessorHolds } from "@/lib/billing/settlement/holds";
import { logger } from "@/lib/observability/logger";
import { startLogRetention, stopLogRetention } from "@/lib/observability/log-retention";
import { redisLink } from "@/lib/redis";
import { trickOn } from "@/lib/perf-tricks";
import { startReplayWorker, stopReplayWorker } from "@/lib/replay";
import { answerMetricsCollection } from "./cluster-metrics";
import { settleBeforeExit } from "./settle-before-exit";
import { trackRequests } from "./graceful-close";
import { internalSettings } from "./internal";
import { proxyToNext, proxyUpgradeToNext, type NextTarget } from "./next-proxy";
import { handleOpsRoute } from "./ops-routes";

// V8 sizes the 4 GB default heap limit from this machine's RAM and lets old space grow to
// ~4× the live heap between full GCs: ~70 MB live became 400 MB of RSS under load. Capping
// the growth at 2× the live heap roughly halves the peak at no measurable CPU cost
// (bench/experiments/memprobe.ts). V8 reads it at every heap resize, so setting it here,
// before any load, works like the command-line flag.
if (trickOn("heap-growing")) v8.setFlagsFromString("--heap-growing-percent=100");

/** How long a drain waits, after the last response closed, for handlers to return. */
function isApiPath(url: string): boolean {
  return url.startsWith("/api/v1/") || url.startsWith("/v1/") || url === "/api/v1" || url === "/v1";
}

export function startApiWorker(): void {
  const { PORT: port, HOST: hostname, SHUTDOWN_GRACE_MS: grace } = env();
  const internal = internalSettings();
  const next: NextTarget = { port: internal.nextPort, token: internal.token };
  // Cross-process cache invalidation (lib/invalidation/start.ts): connects in the background;
  // requests never wait for it.
  startInvalidationListener();
  answerMetricsCollection();

  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    // Decide by path before touching the body: the Next process must get it unread.
    if (isApiPath(url)) {
      handleNodeApi(req, res, path, q === -1 ? "" : url.slice(q + 1));
      return;
    }
    if (handleOpsRoute(req, res, path)) return;
    proxyToNext(next, req, res);
  });
  server.on("upgrade", (req, socket, head) => proxyUpgradeToNext(next, req, socket, head));
  server.keepAliveTimeout = 65_000; // above common load-balancer idle timeouts
  server.headersTimeout = 66_000;
  const tracked = trackRequests(server);
  // Shared limits must count from the first request: a limited request that finds the Redis
  // link still connecting fails open (counted in this process alone). So the worker takes
  // connections once Redis answers — or after 2 s, and then limits fail open until it does,
  // exactly as while Redis is down. Without REDIS_URL: at once, no link.
  const redisReady = redisLink()?.ready(2_000) ?? Promise.resolve(true);
  void redisReady.then(() => server.listen(port, hostname, () => {
    logger().info({ worker: internal.slot ?? "1", pid: process.pid }, "API worker listening");
    // This worker's slot is ours now, so its previous incarnation is dead: its credit holds go
    // back to their accounts at once, not after their TTL (lib/billing/settlement/holds.ts).
    releasePredecessorHolds().catch((err: unknown) => logger().error({ err }, "releasing a previous incarnation's credit holds failed"));
    // Replay lab jobs (lib/replay/worker.ts): resumes open runs, a few items at a time.
    startReplayWorker();
    // Request logs past LOG_RETENTION_DAYS, in batches; one process at a time deployment-wide.
    startLogRetention();
  }));

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    // Stop accepting; open requests and streams finish (up to the grace period; a stream cut
    // then is settled like a client that left). Then the minute's counted refusals, the
    // queued charges (each with its request log), and this worker's credit holds.
    const { cut, waitedMs } = await tracked.close(grace);
    // Then the handlers' post-response work lands before the flush (settle-before-exit.ts).
    await settleBeforeExit(async () => {
      await stopReplayWorker();
      await stopLogRetention();
    });
    logger().info({ waitedMs, cut }, "API worker drained");
    process.exit(0);
  };
  const guarded = () => void shutdown().catch((err: unknown) => {
    logger().error({ err }, "drain failed");
    process.exit(1);
  });
  process.once("SIGTERM", guarded);
  process.once("SIGINT", guarded);
  // Last resort: whatever hangs, the worker is gone shortly after the grace period.
  process.once("SIGTERM", () => setTimeout(() => process.exit(1), grace + 10_000).unref());
}
