// `tsx bench/experiments/batch-lock.ts [rows …]`: the charge statement (lib/sql/charges.ts) on
// batches of `rows` bench-like rows in a throwaway database: its time, and how long it holds
// the account's row — a second connection polls `FOR NO KEY UPDATE NOWAIT` on it (what a hold
// change waits for) every ~0.2 ms meanwhile. The cost of larger charge batches (charge-writer.ts).
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import pg from "pg";
import { startLocalPostgres, freePort } from "../../scripts/lib/postgres";
import { applyMigrations } from "../../scripts/lib/migrations";

const sizes = process.argv.slice(2).map(Number);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-batch-lock-"));
fs.chmodSync(dir, 0o755);
const pgi = await startLocalPostgres({ root: path.join(dir, "pg"), port: await freePort(), database: "batch_lock", ephemeral: true });
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
  for (const n of sizes) {
    for (let i = 0; i < 3; i++) await writeChargedLogs(batch(n), "bench-holder"); // warm: plans, caches
    const total: number[] = [];
    const locked: number[] = [];
    for (let i = 0; i < 15; i++) {
      const texts = batch(n);
      let done = false;
      let firstBlocked = -1;
      const t0 = performance.now();
      const write = writeChargedLogs(texts, "bench-holder").then(() => { done = true; return performance.now(); });
      while (!done) {
        const ok = await db.query("BEGIN; SELECT 1 FROM users WHERE id = 'usr_bench' FOR NO KEY UPDATE NOWAIT").then(() => true, () => false);
        await db.query("ROLLBACK");
        if (!ok && firstBlocked < 0) firstBlocked = performance.now();
      }
      const end = await write;
      total.push(end - t0);
      locked.push(firstBlocked < 0 ? 0 : end - firstBlocked);
    }
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!.toFixed(1);
    const max = (xs: number[]) => Math.max(...xs).toFixed(1);
    console.log(`${n} rows: statement median ${med(total)} ms (max ${max(total)}), account row locked median ${med(locked)} ms (max ${max(locked)})`);
  }
  await db.end();
  await closePool();
} finally {
  pgi.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
