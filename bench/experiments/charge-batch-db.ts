// The throwaway database of the charge-statement probes (rollup-cost.ts, batch-lock.ts): a
// Postgres with the migrations applied, one account, and batches of rows like the bench's chat
// requests (bodies stored) for lib/sql/charges.ts's statement.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import pg from "pg";
import { startLocalPostgres, freePort } from "../../scripts/lib/postgres";
import { applyMigrations } from "../../scripts/lib/migrations";

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
  const reqBody = { model: "sim/fast", messages: [{ role: "user", content: "Benchmark request: say hello in a few words." }], max_tokens: 64 };
  const respBody = { id: "chatcmpl-x", object: "chat.completion", created: 1765000000, model: "sim/fast",
    choices: [{ index: 0, message: { role: "assistant", content: "Hello there, a short emulated answer.", refusal: null }, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 14, completion_tokens: 12, total_tokens: 26, prompt_tokens_details: { cached_tokens: 0 } } };
  let seq = 0;
  const batch = (n: number) => Array.from({ length: n }, () => chargedLogRow({
    charge: 1234n,
    log: {
      id: `req_${String(seq++).padStart(24, "0")}`, userId: "usr_bench", apiKeyId: null, createdAt: new Date(), endpoint: "chat.completions",
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
