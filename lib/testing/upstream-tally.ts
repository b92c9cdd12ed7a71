// E2E helper: a pass-through proxy in front of the provider emulator that tells, per request
// marker found in the body (`#<n>#`), whether the upstream answer reached the gateway in full.
// The crash test (e2e/cluster.spec.ts) uses it to count requests the emulator served whose
// charge died with the killed worker ("served but unbilled"). Node only: Playwright loads it.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type UpstreamTally = {
  url: string;
  /** Markers whose request reached the upstream. */
  reached: Set<number>;
  /** Markers whose whole answer was written to the gateway's socket. */
  served: Set<number>;
  close(): Promise<void>;
};

export async function startUpstreamTally(upstreamUrl: string): Promise<UpstreamTally> {
  const target = new URL(upstreamUrl);
  const reached = new Set<number>();
  const served = new Set<number>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const m = /#(\d+)#/.exec(body.toString("utf8"));
      const marker = m ? Number(m[1]) : null;
      if (marker !== null) reached.add(marker);
      const up = http.request({
        host: target.hostname, port: target.port, method: req.method, path: req.url, agent,
        headers: { ...req.headers, host: target.host, "content-length": String(body.length) },
      }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
        // 'finish': the last byte went to the gateway's socket (not just read from upstream).
        res.once("finish", () => {
          if (marker !== null && upRes.complete) served.add(marker);
        });
      });
      up.once("error", () => res.destroy());
      res.once("close", () => {
        if (!res.writableFinished) up.destroy(); // the gateway left: stop the upstream too
      });
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, reached, served,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      agent.destroy();
      server.close(() => resolve());
    }),
  };
}
