// A project-local Redis (Debian's redis-server), like the local Postgres: in memory only (no RDB
// snapshot, no AOF), bound to 127.0.0.1, run as a child process of ours so that stop() — or our
// own exit — ends it. Resolves once it answers PING.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";

export type LocalRedis = { url: string; port: number; pid: number; stop(): Promise<void> };

export function findRedisServer(): string {
  for (const p of ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]) if (fs.existsSync(p)) return p;
  const which = spawnSync("which", ["redis-server"], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error("redis-server not found: apt-get install -y redis-server (Debian), or set REDIS_URL");
}

async function ping(port: number): Promise<boolean> {
  const { createConnection } = await import("node:net");
  return new Promise((resolve) => {
    const sock = createConnection({ host: "127.0.0.1", port }, () => sock.write("PING\r\n"));
    sock.setTimeout(500, () => { sock.destroy(); resolve(false); });
    sock.once("data", (d) => { sock.destroy(); resolve(d.toString().startsWith("+PONG")); });
    sock.once("error", () => resolve(false));
  });
}

export async function startLocalRedis(opts: { dataDir: string; port: number }): Promise<LocalRedis> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const proc = spawn(findRedisServer(), [
    "--port", String(opts.port), "--bind", "127.0.0.1", "--dir", opts.dataDir,
    "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
  ], { stdio: ["ignore", "ignore", "inherit"] });
  let exited = false;
  const exit = new Promise<void>((resolve) => proc.once("exit", () => { exited = true; resolve(); }));
  const killOnExit = () => proc.kill("SIGKILL");
  process.once("exit", killOnExit);
  const deadline = Date.now() + 10_000;
  while (!(await ping(opts.port))) {
    if (exited) throw new Error(`redis-server exited before it answered on port ${opts.port}`);
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`redis-server did not answer on port ${opts.port} within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${opts.port}`, port: opts.port, pid: proc.pid!,
    stop: async () => {
      process.off("exit", killOnExit);
      if (!exited) proc.kill("SIGTERM");
      await exit;
    },
  };
}
