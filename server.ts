// Production (and dev) server. /api/v1/* and /v1/* are answered on plain Node req/res by the
// framework-free gateway core (lib/gateway); everything else goes to Next's handler.
// Built by scripts/build-server.ts into dist/server.mjs.
import http from "node:http";
import v8 from "node:v8";
import next from "next";
import { env } from "@/lib/env";
import { handleNodeApi } from "@/lib/gateway/http/node-door";
import { stampClientIp } from "@/lib/http/client-ip";
import { guardNextRequest } from "@/lib/http/server-action-origin";
import { startInvalidationListener, stopInvalidationListener } from "@/lib/invalidation/start";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { flushRefusalTallies } from "@/lib/gateway/refusals/refusal-tally";
import { releaseIdleHolds, releasePredecessorHolds } from "@/lib/billing/settlement/holds";
import { trickOn } from "@/lib/perf-tricks";
import { startReplayWorker, stopReplayWorker } from "@/lib/replay";

// V8 sizes the 4 GB default heap limit from this machine's RAM and lets old space grow to
// ~4× the live heap between full GCs: ~70 MB live became 400 MB of RSS under load. Capping
// the growth at 2× the live heap roughly halves the peak at no measurable CPU cost
// (bench/experiments/memprobe.ts; 1.5× saves ~15 MB more for ~5% CPU). V8 reads it at every heap
// resize, so setting it here, before any load, works like the command-line flag.
if (trickOn("heap-growing")) v8.setFlagsFromString("--heap-growing-percent=100");

const dev = process.argv.includes("--dev");
const { PORT: port, HOST: hostname } = env();

function isApiPath(url: string): boolean {
  return url.startsWith("/api/v1/") || url.startsWith("/v1/") || url === "/api/v1" || url === "/v1";
}

async function main(): Promise<void> {
  // Cross-process cache invalidation (lib/invalidation/start.ts): connects in the background,
  // one per process for both the API door and Next; requests never wait for it.
  startInvalidationListener();
  const app = next({ dev, hostname, port, dir: process.cwd() });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    // Decide by path before touching the body: Next cannot read a body we consumed.
    if (isApiPath(url)) {
      const q = url.indexOf("?");
      handleNodeApi(req, res, q === -1 ? url : url.slice(0, q), q === -1 ? "" : url.slice(q + 1));
      return;
    }
    // Next code reads the client IP only from this header (lib/http/client-ip.ts).
    stampClientIp(req);
    // Untrusted X-Forwarded-Host/Proto dropped; a cross-origin server action gets 403, not Next's 500.
    if (guardNextRequest(req, res)) return;
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000; // above common load-balancer idle timeouts
  server.headersTimeout = 66_000;
  server.listen(port, hostname, () => {
    console.log(`switchyard ${dev ? "dev " : ""}server listening on http://${hostname}:${port}`);
    // We own the port now, so a previous incarnation of this server is dead: its credit
    // holds go back to their accounts at once, not after their TTL (lib/billing/settlement/holds.ts).
    releasePredecessorHolds().catch((err: unknown) => console.error("releasing a previous incarnation's credit holds failed:", err));
    // Replay lab jobs (lib/replay/worker.ts): resumes open runs, a few items at a time.
    startReplayWorker();
  });

  const shutdown = () => {
    // Stop accepting, let in-flight requests finish, write the queued charges (each with its
    // request log), then give this process's credit holds back to their accounts.
    // The minute's counted refusals (lib/gateway/refusals/refusal-tally.ts) go out with them.
    server.close(() => {
      flushRefusalTallies({ all: true });
      void stopReplayWorker().then(flushCharges).then(releaseIdleHolds).then(stopInvalidationListener).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  console.error("server failed to start:", err);
  process.exit(1);
});
