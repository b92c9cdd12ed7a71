// Scratch for bench/experiments/memprobe.ts: server.ts without Next (no app.prepare()), to measure what
// Next costs in RSS. Answers 404 for every non-API path. Built by bench/experiments/mem-build.ts.
import http from "node:http";
import { env } from "@/lib/env";
import { handleNodeApi } from "@/lib/gateway/http/node-door";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";

const { PORT: port, HOST: hostname } = env();
const server = http.createServer((req, res) => {
  const url = req.url ?? "/";
  if (url.startsWith("/api/v1/") || url.startsWith("/v1/")) {
    const q = url.indexOf("?");
    handleNodeApi(req, res, q === -1 ? url : url.slice(0, q), q === -1 ? "" : url.slice(q + 1));
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname);
process.once("SIGTERM", () => server.close(() => void flushCharges().finally(() => process.exit(0))));
