// The Next process (one per server, forked by lib/server/primary.ts): pages, auth, the
// dashboard and its own API routes, on 127.0.0.1:<SWITCHYARD_NEXT_PORT>, reached only through
// the API workers' proxy (next-proxy.ts). This launcher imports Next and Node only: our modules
// load once, inside Next's bundle, where instrumentation.ts starts this process's services
// (lib/server/next-services.ts) and leaves a drain hook for shutdown.
import http from "node:http";
import next from "next";
import { trackRequests } from "./graceful-close";
import { INTERNAL_TOKEN_HEADER, internalSettings } from "./internal";

/** Set by lib/server/next-services.ts inside Next's bundle: flushes charges, releases holds. */
export const NEXT_DRAIN_HOOK = Symbol.for("switchyard.nextDrain");

export async function startNextProcess(dev: boolean): Promise<void> {
  const { nextPort: port, token, graceMs } = internalSettings();
  const app = next({ dev, hostname: "127.0.0.1", port, dir: process.cwd() });
  const handle = app.getRequestHandler();
  await app.prepare();
  const upgrade = app.getUpgradeHandler();

  const server = http.createServer((req, res) => {
    if (req.headers[INTERNAL_TOKEN_HEADER] !== token) {
      res.writeHead(403, { "content-type": "text/plain" }).end("Forbidden: the dashboard is served through the public port.\n");
      return;
    }
    delete req.headers[INTERNAL_TOKEN_HEADER];
    void handle(req, res);
  });
  server.on("upgrade", (req, socket, head) => {
    if (req.headers[INTERNAL_TOKEN_HEADER] !== token) return socket.destroy();
    delete req.headers[INTERNAL_TOKEN_HEADER];
    void upgrade(req, socket, head);
  });
  server.keepAliveTimeout = 65_000; // the API workers' pooled connections stay open
  const tracked = trackRequests(server);
  server.listen(port, "127.0.0.1", () => process.send?.({ type: "next-ready" }));

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await tracked.close(graceMs);
    const hook = (globalThis as Record<symbol, unknown>)[NEXT_DRAIN_HOOK];
    if (typeof hook === "function") await (hook as () => Promise<void>)();
    process.exit(0);
  };
  const guarded = () => void shutdown().catch((err: unknown) => {
    console.error("next process: drain failed:", err);
    process.exit(1);
  });
  process.once("SIGTERM", guarded);
  process.once("SIGINT", guarded);
  // The primary is gone (killed): no orphaned Next process keeps the internal port.
  process.once("disconnect", guarded);
  process.once("SIGTERM", () => setTimeout(() => process.exit(1), graceMs + 10_000).unref());
}
