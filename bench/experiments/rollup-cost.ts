// `tsx bench/experiments/rollup-cost.ts [batches=40]`: what the usage rollup triggers on
// request_logs cost Postgres per charge batch of 100 rows (lib/sql/charges.ts's statement, rows
// like the bench's chat requests, bodies stored): the statement's time with the triggers as
// migrated, then with them disabled. A throwaway database; nothing else runs against it.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import pg from "pg";
import { startLocalPostgres, freePort } from "../../scripts/lib/postgres";
import { applyMigrations } from "../../scripts/lib/migrations";

const batches = Number(process.argv[2] ?? 40);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-rollup-"));
fs.chmodSync(dir, 0o755);
const pgi = await startLocalPostgres({ root: path.join(dir, "pg"), port: await freePort(), database: "rollup_cost", ephemeral: true });
try {
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
  const batch = () => Array.from({ length: 100 }, () => chargedLogRow({
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
  const time = async (label: string) => {
    for (let i = 0; i < 5; i++) await writeChargedLogs(batch(), "bench-holder"); // warm: plans, caches
    const ms: number[] = [];
    for (let i = 0; i < batches; i++) {
      const texts = batch();
      const t0 = performance.now();
      await writeChargedLogs(texts, "bench-holder");
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(`${label}: per batch of 100 median ${ms[ms.length >> 1]!.toFixed(2)} ms, p90 ${ms[Math.floor(ms.length * 0.9)]!.toFixed(2)} ms`);
  };
  await time("triggers as migrated");
  await db.query("ALTER TABLE request_logs DISABLE TRIGGER USER");
  await time("no rollup triggers  ");
  await db.query("ALTER TABLE request_logs ENABLE TRIGGER USER");
  await time("triggers again      ");
  await db.end();
  await closePool();
} finally {
  pgi.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
