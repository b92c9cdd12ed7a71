// E2E helper (issue #23 points 5, 6, 8): runs the production server (`node dist/server.mjs`:
// a primary, WEB_CONCURRENCY API workers on one port, one Next process) on a port of its own,
// against the suite's Postgres, and reads back what the tests check — worker pids, merged
// /api/metrics, money in Postgres. Node and `pg` only (no `@/` modules): Playwright loads it.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import OpenAI from "openai";
import pg from "pg";
import { Agent, fetch as undiciFetch } from "undici";
import { applyLedgerEntry } from "@/lib/billing/ledger";
import { freePort } from "@/lib/server/free-port";
import { sqlFromPool } from "@/lib/sql/executor";

const ROOT = path.resolve(import.meta.dirname, "../..");
export { freePort };
export const METRICS_TOKEN = "cluster-test-metrics-token";


export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type ClusterServer = {
  url: string;
  port: number;
  proc: ChildProcess;
  /** stdout + stderr lines of the primary and its children. */
  lines: string[];
  /** Resolves with the primary's exit. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** API worker pid by slot, read from /proc (the primary's children). */
  workerPids(): Map<number, number>;
  /** GET /api/metrics (every worker's page, merged by the primary). */
  metrics(): Promise<string>;
  /** SIGTERM, then SIGKILL after `killAfterMs`; resolves with the exit. */
  stop(killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export type ClusterOptions = { workers: number; env?: Record<string, string> };

/** Starts `node dist/server.mjs` and resolves once /api/health answers and every worker listens. */
export async function startClusterServer(o: ClusterOptions): Promise<ClusterServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, ["dist/server.mjs"], {
    cwd: ROOT, stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", NEXTAUTH_URL: url, APP_URL: url,
      WEB_CONCURRENCY: String(o.workers), METRICS_TOKEN, LOG_LEVEL: "warn", ...o.env,
    },
  });
  const lines: string[] = [];
  for (const s of [proc.stdout!, proc.stderr!]) readline.createInterface({ input: s }).on("line", (l) => lines.push(l));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
  let dead = false;
  void exited.then(() => (dead = true));
  const workerPids = () => apiWorkersOf(proc.pid!);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (dead) throw new Error(`the server exited before it served:\n${lines.slice(-30).join("\n")}`);
    if (Date.now() > deadline) throw new Error(`the server did not serve within 60 s:\n${lines.slice(-30).join("\n")}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok && workerPids().size === o.workers) break;
    await sleep(150);
  }
  return {
    url, port, proc, lines, exited, workerPids,
    metrics: async () => {
      const r = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      if (!r.ok) throw new Error(`/api/metrics answered ${r.status}`);
      return r.text();
    },
    stop: async (killAfterMs = 20_000) => {
      if (!dead) {
        proc.kill("SIGTERM");
        const t = setTimeout(() => proc.kill("SIGKILL"), killAfterMs);
        await exited;
        clearTimeout(t);
      }
      const { code, signal } = await exited;
      return { code, signal };
    },
  };
}

/** Children of `ppid` that are API workers (SWITCHYARD_ROLE=api), by their slot. */
function apiWorkersOf(ppid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may contain spaces, so read after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) !== ppid || fields[0] === "Z") continue;
      const environ = fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (!environ.includes("SWITCHYARD_ROLE=api")) continue;
      const slot = environ.find((e) => e.startsWith("SWITCHYARD_WORKER_SLOT="))?.split("=")[1];
      if (slot) out.set(Number(slot), Number(entry));
    } catch {
      // the process went away while we looked
    }
  }
  return out;
}

/** Σ of a metric family's samples per worker label (`switchyard_requests_total` → {1: n, 2: m, next: k}). */
export function perWorker(metrics: string, family: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of metrics.split("\n")) {
    if (!line.startsWith(family + "{") && !line.startsWith(family + " ")) continue;
    const worker = /worker="([^"]+)"/.exec(line)?.[1];
    if (!worker) continue;
    out.set(worker, (out.get(worker) ?? 0) + Number(line.slice(line.lastIndexOf(" ") + 1)));
  }
  return out;
}

// --- clients: a new connection per call, so the primary spreads them over the workers ---

const noKeepAlive = new Agent({ pipelining: 0 });

/** fetch on a fresh TCP connection (undici: pipelining 0 = no keep-alive). */
export const freshFetch = ((input: string | URL, init?: RequestInit) =>
  undiciFetch(input, { ...(init as object), dispatcher: noKeepAlive })) as unknown as typeof fetch;

export function openaiFor(baseUrl: string, key: string): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: `${baseUrl}/v1`, maxRetries: 0, timeout: 30_000, fetch: freshFetch });
}

/** JSON call to the management / public API on a fresh connection. */
export async function callApi(baseUrl: string, key: string, method: string, apiPath: string, body?: unknown):
  Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await freshFetch(`${baseUrl}/v1${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

// --- money and logs in Postgres ---

let sqlPool: pg.Pool | null = null;
export function db(): pg.Pool {
  sqlPool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  return sqlPool;
}
export async function closeDb(): Promise<void> {
  await sqlPool?.end();
  sqlPool = null;
}

/** A key in the product's format (sk-sy- + 43 base62); only its SHA-256 is stored. */
function newKey(): { key: string; hash: string } {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let body = "";
  while (body.length < 43) {
    const b = crypto.randomBytes(1)[0]!;
    if (b < 248) body += alphabet[b % 62];
  }
  const key = "sk-sy-" + body;
  return { key, hash: crypto.createHash("sha256").update(key).digest("hex") };
}

export type SeededAccount = { userId: string; key: string; managementKey: string };

/**
 * An account with `credits` granted through the ledger (balance = Σ ledger from the start), a
 * model key and a management key; the grant goes through lib/billing/ledger.
 */
export async function seedAccount(credits: number): Promise<SeededAccount> {
  const userId = `cl_${crypto.randomBytes(8).toString("hex")}`;
  const units = BigInt(credits) * 10_000_000_000n; // 1 credit = 1e10 units
  const client = await db().connect();
  try {
    await client.query("BEGIN");
    await client.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'cluster test', now())`,
      [userId, `${userId}@example.test`]);
    // The credits arrive the way every balance change does: billing's ledger statement.
    const granted = await applyLedgerEntry(sqlFromPool(client), {
      userId, kind: "grant", amount: units, sourceId: `${userId}_grant`, description: "cluster test grant",
    });
    if (granted.status !== "applied") throw new Error(`seeding ${userId}: grant ${granted.status}`);
    const keys: string[] = [];
    for (const manage of [false, true]) {
      const { key, hash } = newKey();
      await client.query(`INSERT INTO api_keys (id, user_id, name, hash, prefix, suffix, can_manage) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [`${userId}_${manage ? "mgmt" : "key"}`, userId, manage ? "manager" : "model key", hash, key.slice(0, 10), key.slice(-4), manage]);
      keys.push(key);
    }
    await client.query("COMMIT");
    return { userId, key: keys[0]!, managementKey: keys[1]! };
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  } finally {
    client.release();
  }
}

/** balance, held, Σ ledger and Σ credit_holds of an account. */
export async function moneyOf(userId: string): Promise<{ balance: bigint; held: bigint; ledger: bigint; holds: bigint }> {
  const { rows } = await db().query<{ balance: string; held: string; ledger: string; holds: string }>(
    `SELECT balance::text, held::text,
       (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE user_id = $1)::text AS ledger,
       (SELECT coalesce(sum(amount), 0) FROM credit_holds WHERE user_id = $1)::text AS holds
     FROM users WHERE id = $1`, [userId]);
  const r = rows[0]!;
  return { balance: BigInt(r.balance), held: BigInt(r.held), ledger: BigInt(r.ledger), holds: BigInt(r.holds) };
}

/** Charge ledger rows by request id (source_id) for these accounts: id → [amounts]. */
export async function chargesOf(userIds: string[]): Promise<Map<string, bigint[]>> {
  const { rows } = await db().query<{ source_id: string; amount: string }>(
    "SELECT source_id, amount::text FROM ledger_entries WHERE kind = 'charge' AND user_id = ANY($1::text[])", [userIds]);
  const out = new Map<string, bigint[]>();
  for (const r of rows) out.set(r.source_id, [...(out.get(r.source_id) ?? []), BigInt(r.amount)]);
  return out;
}

export type LogRow = { id: string; status: number; cost_units: string; output_tokens: number; error_class: string | null };

/** Request-log rows of these request ids. */
export async function logsOf(ids: string[]): Promise<Map<string, LogRow>> {
  const { rows } = await db().query<LogRow>(
    "SELECT id, status, cost_units::text, output_tokens, error_class FROM request_logs WHERE id = ANY($1::text[])", [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Credit holds whose holder names this worker incarnation (`…:w<slot>~<pid>-…`). */
export async function holdsOfIncarnation(slot: number, pid: number): Promise<number> {
  const { rows } = await db().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM credit_holds WHERE holder LIKE $1", [`%:w${slot}~${pid}-%`]);
  return rows[0]!.n;
}

/** Polls `check` every 50 ms until it is true; throws with `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
