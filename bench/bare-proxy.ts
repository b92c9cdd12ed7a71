// The physical floor: a bare node:http pass-through proxy with a keep-alive upstream agent.
// No auth, no parsing, no logging — bytes in, bytes out. Usage: bare-proxy.mjs <port> <upstream>
import http from "node:http";

const [portArg, upstreamArg] = process.argv.slice(2);
const upstream = new URL(upstreamArg ?? "http://127.0.0.1:4010");
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer((req, res) => {
  const headers = { ...req.headers, host: upstream.host };
  const up = http.request(
    { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
    (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    },
  );
  up.on("error", () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  res.on("close", () => {
    if (!res.writableFinished) up.destroy();
  });
  req.pipe(up);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(portArg ?? 0), "127.0.0.1", () => {
  const addr = server.address();
  console.log(`bare proxy listening on ${typeof addr === "object" && addr ? addr.port : portArg}`);
});
