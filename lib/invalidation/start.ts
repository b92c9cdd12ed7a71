// This process's invalidation listener, started once at startup by every process of the
// server: each API worker (lib/server/api-worker.ts), the Next process (instrumentation.ts →
// lib/server/next-services.ts), and lib/testing/api-child.ts for tests that run the API in a
// process of their own.
//
// Why at startup rather than on first use: it is listening before the first request is
// accepted, and the request path carries no "is it started?" check. It never delays startup
// either: connecting happens in the background.
import { env } from "@/lib/env";
import { cacheHandlers } from "@/lib/invalidation/cache-handlers";
import { startListener, type InvalidationListener } from "@/lib/invalidation/listener";
import { logger } from "@/lib/observability/logger";
import { setInvalidationConnected } from "@/lib/observability/metrics";

let running: InvalidationListener | null = null;

export function startInvalidationListener(): InvalidationListener {
  const { DATABASE_URL } = env();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set");
  running ??= startListener({
    connectionString: DATABASE_URL, handlers: cacheHandlers, log: logger(), onConnectedChange: setInvalidationConnected,
  });
  return running;
}

export async function stopInvalidationListener(): Promise<void> {
  const r = running;
  running = null;
  await r?.close();
}
