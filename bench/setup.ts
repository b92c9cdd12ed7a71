// Starts everything the benchmark measures, each in its own process: the provider emulator,
// a throwaway Postgres (migrated, seeded, one bench account with a large balance and an API
// key), the Switchyard production build, the bare proxy and Portkey.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import pg from "pg";
import { freePort, startLocalPostgres, type PgInstance } from "../scripts/lib/postgres";
import { applyMigrations } from "../scripts/lib/migrations";
import { run } from "../scripts/lib/run";

export type Proc = { name: string; child: ChildProcess; pid: number; url: string };

export type Stack = {
  dir: string;
  pg: PgInstance;
  /** The postmaster's pid: its children are the backends serving our gateway. */
  pgPid: number;
  emulator: Proc;
  gateway: Proc;
  bare: Proc;
  portkey: Proc;
  /** The gateway as built by build-baseline.ts (BENCH_BASELINE=1), for before/after. */
  baseline: Proc | null;
  apiKey: string;
  /** BENCH_ACCOUNTS > 1: one key per account, used round-robin by the load workers. */
  apiKeys: string[];
  stop(): Promise<void>;
};

/** Only the emulator, Postgres and Switchyard (`gatewayOnly`: no bare proxy, no Portkey). */
export type GatewayStack = Omit<Stack, "bare" | "portkey">;

type StackOptions = { cpuProfDir?: string; portkeyProfDir?: string; baseline?: string; accounts?: number };

const ROOT = path.resolve(import.meta.dirname, "..");
const PORTKEY = path.join(ROOT, "bench/node_modules/@portkey-ai/gateway/build/start-server.js");

export async function waitFor(url: string, init: RequestInit = {}, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, init);
      await r.arrayBuffer();
      return;
    } catch {
      if (Date.now() > until) throw new Error(`timed out waiting for ${url}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

function startProc(name: string, args: string[], env: NodeJS.ProcessEnv, logDir: string, url: string): Proc {
  const log = fs.openSync(path.join(logDir, `${name}.log`), "a");
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", log, log] });
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM" && signal !== "SIGKILL") {
      console.error(`${name} exited (${code ?? signal}); see ${path.join(logDir, `${name}.log`)}`);
    }
  });
  return { name, child, pid: child.pid!, url };
}

function stopProc(p: Proc): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    const kill = setTimeout(() => p.child.kill("SIGKILL"), 8_000);
    p.child.once("exit", () => (clearTimeout(kill), resolve()));
    p.child.kill("SIGTERM");
  });
}

/** A key in the product's format (sk-sy- + 43 base62); only its SHA-256 is stored. */
function newApiKey(): { key: string; hash: string } {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let body = "";
  while (body.length < 43) {
    const b = crypto.randomBytes(1)[0]!;
    if (b < 248) body += alphabet[b % 62];
  }
  const key = "sk-sy-" + body;
  return { key, hash: crypto.createHash("sha256").update(key).digest("hex") };
}

async function createBenchAccounts(url: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const keys: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const { key, hash } = newApiKey();
      // 10^18 units = US$1,000,000: the reservations never run out during a run.
      await client.query(
        `INSERT INTO users (id, email, name, balance, updated_at) VALUES ($1, $2, 'bench', 1000000000000000000, now())`,
        [`bench_user_${i}`, `bench${i}@localhost`]);
      await client.query(
        `INSERT INTO api_keys (id, user_id, name, hash, prefix, suffix) VALUES ($1, $2, 'bench', $3, $4, $5)`,
        [`bench_key_${i}`, `bench_user_${i}`, hash, key.slice(0, 10), key.slice(-4)]);
      keys.push(key);
    }
  } finally {
    await client.end();
  }
  return keys;
}

// BENCH_CPU_PROF_INTERVAL=<µs>: a finer sampling interval than V8's 1 ms default (the c=1
// critical path is under a millisecond per request).
function profInterval(): string[] {
  const us = process.env.BENCH_CPU_PROF_INTERVAL;
  return us ? [`--cpu-prof-interval=${us}`] : [];
}

export async function startStack(opts: StackOptions & { gatewayOnly: true }): Promise<GatewayStack>;
export async function startStack(opts: StackOptions): Promise<Stack>;
export async function startStack(opts: StackOptions & { gatewayOnly?: boolean }): Promise<Stack | GatewayStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-"));
  fs.chmodSync(dir, 0o755);
  const pgi = await startLocalPostgres({ root: path.join(dir, "pg"), port: await freePort(), database: "switchyard_bench", ephemeral: true });
  const pgPid = Number(fs.readFileSync(path.join(pgi.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const started: Proc[] = [];
  const stop = async () => {
    await Promise.all(started.map(stopProc));
    pgi.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await applyMigrations(pgi.url);
    const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
    await run("npx", ["tsx", "prisma/seed.ts"], { ...baseEnv, DATABASE_URL: pgi.url, LOG_LEVEL: "warn" });
    const apiKeys = await createBenchAccounts(pgi.url, Math.max(1, opts.accounts ?? 1));
    const apiKey = apiKeys[0]!;

    const emuPort = await freePort();
    const emulator = startProc("emulator", ["--import", "tsx", "emulator/main.ts", "--port", String(emuPort), "--record-limit", "0"],
      baseEnv, dir, `http://127.0.0.1:${emuPort}`);
    started.push(emulator);
    await waitFor(`${emulator.url}/_emulator/health`);

    const startGateway = async (name: string, script: string, prof?: string, nodeFlags: string[] = []) => {
      const port = await freePort();
      const p = startProc(name, [...nodeFlags, ...(prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`, ...profInterval()] : []), script], {
        ...baseEnv, NODE_ENV: "production", DATABASE_URL: pgi.url, EMULATOR_URL: emulator.url, LOG_LEVEL: "warn",
        PORT: String(port), HOST: "127.0.0.1", NEXTAUTH_SECRET: "bench-secret-not-for-production-0123456789",
        NEXTAUTH_URL: `http://127.0.0.1:${port}`, WEB_CONCURRENCY: process.env.BENCH_WORKERS ?? "1",
      }, dir, `http://127.0.0.1:${port}`);
      started.push(p);
      return p;
    };
    // BENCH_GATEWAY_FLAGS: node flags for our server (its workers inherit them), e.g. --trace-gc.
    const gateway = await startGateway("switchyard", "dist/server.mjs", opts.cpuProfDir,
      process.env.BENCH_GATEWAY_FLAGS?.split(" ").filter(Boolean));
    // BENCH_BASELINE_FLAGS: node flags for the baseline target only (e.g. a V8 flag's effect
    // with BENCH_BASELINE=1 and dist/server.mjs copied to dist/baseline/).
    const baseline = opts.baseline
      ? await startGateway("baseline", opts.baseline, undefined, process.env.BENCH_BASELINE_FLAGS?.split(" ").filter(Boolean))
      : null;
    if (opts.gatewayOnly) {
      await waitFor(`${gateway.url}/v1/models`);
      return { dir, pg: pgi, pgPid, emulator, gateway, baseline, apiKey, apiKeys, stop };
    }

    const barePort = await freePort();
    const bareJs = path.join(dir, "bare-proxy.mjs");
    await build({ entryPoints: [path.join(ROOT, "bench/bare-proxy.ts")], outfile: bareJs, platform: "node", format: "esm", logLevel: "warning" });
    const bare = startProc("bare", [bareJs, String(barePort), emulator.url], baseEnv, dir, `http://127.0.0.1:${barePort}`);
    started.push(bare);

    const pkPort = await freePort();
    const portkey = startProc("portkey", [
      ...(opts.portkeyProfDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.portkeyProfDir}`] : []),
      PORTKEY, `--port=${pkPort}`, "--headless"], { ...baseEnv, NODE_ENV: "production" }, dir, `http://127.0.0.1:${pkPort}`);
    started.push(portkey);

    await Promise.all([
      waitFor(`${gateway.url}/v1/models`),
      ...(baseline ? [waitFor(`${baseline.url}/v1/models`)] : []),
      waitFor(`${bare.url}/_emulator/health`),
      waitFor(`${portkey.url}/`),
    ]);
    return { dir, pg: pgi, pgPid, emulator, gateway, bare, portkey, baseline, apiKey, apiKeys, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Sets the emulator's added latency before the response headers (0 or 50 ms runs). */
export async function setUpstreamLatency(emulatorUrl: string, latencyMs: number): Promise<void> {
  const r = await fetch(`${emulatorUrl}/_emulator/overrides`, {
    method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ latencyMs }),
  });
  if (!r.ok) throw new Error(`emulator overrides: ${r.status} ${await r.text()}`);
}
