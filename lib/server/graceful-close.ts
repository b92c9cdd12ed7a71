// Stopping an HTTP server without losing what is in flight (issue #23.8): stop accepting,
// let open requests and streams finish up to a deadline, then cut what is left. Keep-alive
// connections are closed as soon as they fall idle, so clients reconnect to a live worker.
// Node-only (no lib imports): the Next process uses it too.
import type { Server } from "node:http";

export type GracefulServer = {
  /** Requests whose responses have not closed yet. */
  open(): number;
  /** Stops accepting and resolves once every response has closed — or the deadline cut them. */
  close(deadlineMs: number): Promise<{ cut: number; waitedMs: number }>;
};

export function trackRequests(server: Server): GracefulServer {
  let open = 0;
  let draining = false;
  let onIdle: (() => void) | null = null;
  server.on("request", (_req, res) => {
    open++;
    // A response that starts while draining tells the client not to reuse the connection.
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      open--;
      if (open === 0 && onIdle) onIdle();
    });
  });
  return {
    open: () => open,
    close(deadlineMs) {
      draining = true;
      const t0 = Date.now();
      server.close();
      server.closeIdleConnections();
      // Connections finishing a response fall idle one by one: close them as they do.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      return new Promise((resolve) => {
        let cut = 0;
        const done = () => {
          clearInterval(sweep);
          clearTimeout(timer);
          onIdle = null;
          resolve({ cut, waitedMs: Date.now() - t0 });
        };
        const timer = setTimeout(() => {
          // Past the deadline: cut the streams still open. Their pipelines see a client that
          // left and settle what was delivered (the same path as a disconnecting client).
          cut = open;
          server.closeAllConnections();
          if (open === 0) done();
          else setTimeout(done, 200); // 'close' handlers run on the next ticks
        }, deadlineMs);
        if (open === 0) done();
        else onIdle = done;
      });
    },
  };
}
