// The throwaway database of the charge-statement probes (rollup-cost.ts, batch-lock.ts,
// charge-variants.ts, index-cost.ts): a Postgres with the migrations applied, one account, and
// batches of rows like the bench's chat requests (bodies stored) for lib/sql/charges.ts's
// statement; and the statement's parts, for the probes that time them one by one.
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import pg from "pg";
import { startLocalPostgres, freePort } from "../../scripts/lib/postgres";
import { applyMigrations } from "../../scripts/lib/migrations";
import { createRequestId } from "@/lib/ids";
import { REQUEST_LOG_COLUMNS } from "@/lib/observability/request-log";
import { batchParameter } from "@/lib/sql/charges";

const names = REQUEST_LOG_COLUMNS.map(([c]) => c).join(", ");
/** The statement's record definition; `bodies` = the type the two body columns are read as. */
const recordOf = (bodies = "jsonb") =>
  REQUEST_LOG_COLUMNS.map(([c, t]) => `${c} ${c.endsWith("_body") ? bodies : t}`).join(", ") + ", charge bigint, ledger_id text";
/** The batch's rows read from `fn` of one parameter, as the statement reads them. */
export const recordset = (fn: string, type: string, bodies?: string) => `${fn}($1::${type}) AS r(${recordOf(bodies)})`;
/** Reading the rows and nothing else. */
export const parseOnly = (from: string) => `SELECT count(*) FROM ${from}`;
/** The statement's log insert alone (no charge, no ledger). */
export const insertOnly = (from: string) => `INSERT INTO request_logs (${names}) SELECT ${names} FROM ${from} ON CONFLICT (id) DO NOTHING`;
/** The batch as one JSON array text: the statement's parameter without jsonb's version byte. */
export const asText = (rows: Buffer[]) => [batchParameter(rows).subarray(1).toString()];

export type ChargeBatchDb = {
  /** A second connection, for the probe's own statements. */
  db: pg.Client;
  /** `n` new rows as the charge writer queues them. */
  batch: (n: number) => Buffer[];
  /** lib/sql/charges.ts's writeChargedLogs for the account's holder "bench-holder". */
  write: (rows: Buffer[]) => Promise<unknown>;
  stop: () => Promise<void>;
};

export async function startChargeBatchDb(name: string): Promise<ChargeBatchDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `switchyard-${name}-`));
  fs.chmodSync(dir, 0o755);
  const pgi = await startLocalPostgres({ root: path.join(dir, "pg"), port: await freePort(), database: name.replace(/-/g, "_"), ephemeral: true });
  await applyMigrations(pgi.url);
  process.env.DATABASE_URL = pgi.url;
  const { chargedLogRow, writeChargedLogs } = await import("@/lib/sql/charges");
  const { closePool } = await import("@/lib/sql/pool");
  const db = new pg.Client({ connectionString: pgi.url });
  await db.connect();
  await db.query(`INSERT INTO users (id, email, balance, updated_at) VALUES ('usr_bench', 'b@example.com', 1000000000000000, now())`);
  // PREFILL=<n>: n older log and ledger rows with random ids first (triggers off), so the
  // indexes are the size of a busy account's, not a few thousand entries.
  const prefill = Number(process.env.PREFILL ?? 0);
  if (prefill > 0) {
    await db.query("SET session_replication_role = replica");
    await db.query(`INSERT INTO request_logs (id, user_id, created_at, endpoint, requested_model, resolved_model, provider, status, request_class)
      SELECT 'req_' || md5(i::text), 'usr_bench', now() - i * interval '1 ms', 'chat.completions', 'sim/fast', 'sim/fast', 'emulator', 200, 'quick_chat'
      FROM generate_series(1, $1::int) i`, [prefill]);
    await db.query(`INSERT INTO ledger_entries (id, user_id, kind, amount, balance_after, source_id, created_at)
      SELECT 'le_' || md5(i::text), 'usr_bench', 'charge', -1, 0, 'req_' || md5(i::text), now() - i * interval '1 ms'
      FROM generate_series(1, $1::int) i`, [prefill]);
    await db.query("SET session_replication_role = origin");
    await db.query("VACUUM ANALYZE request_logs, ledger_entries");
  }
  const reqBody = { model: "sim/fast", messages: [{ role: "user", content: "Benchmark request: say hello in a few words." }], max_tokens: 64 };
  const respBody = { id: "chatcmpl-x", object: "chat.completion", created: 1765000000, model: "sim/fast",
    choices: [{ index: 0, message: { role: "assistant", content: "Hello there, a short emulated answer.", refusal: null }, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 14, completion_tokens: 12, total_tokens: 26, prompt_tokens_details: { cached_tokens: 0 } } };
  // RANDOM_IDS=1: request ids as the gateway made them before 2026-12-07 (evening): a random UUID.
  const RANDOM_IDS = process.env.RANDOM_IDS === "1";
  const batch = (n: number) => Array.from({ length: n }, () => chargedLogRow({
    charge: 1234n,
    log: {
      id: RANDOM_IDS ? `req_${randomUUID().replaceAll("-", "")}` : createRequestId(), userId: "usr_bench", apiKeyId: null, createdAt: new Date(), endpoint: "chat.completions",
      requestedModel: "sim/fast", resolvedModel: "sim/fast", provider: "emulator", status: 200, errorClass: null, errorMessage: null,
      stream: false, byok: false, inputTokens: 14, outputTokens: 12, cachedTokens: 0, usageSource: "provider", costUnits: 1234n,
      reservedUnits: 99999n, price: { input: "150", output: "600" }, latencyMs: 3, ttftMs: null,
      attempts: [{ model: "sim/fast", provider: "emulator", status: 200, latencyMs: 2 }], requestBody: reqBody, responseBody: respBody,
      requestBytes: 140, requestClass: "quick_chat",
    },
  }));
  return {
    db,
    batch,
    write: (rows) => writeChargedLogs(rows, "bench-holder"),
    async stop() {
      await db.end().catch(() => undefined);
      await closePool();
      pgi.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
