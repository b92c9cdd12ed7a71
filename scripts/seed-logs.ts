// `npm run seed:logs -- --rows 1000000 [--email seed@switchyard.test] [--days 30]
//    [--accounts 1] [--heavy-rows N] [--bulk]`
// Fills test accounts with realistic request logs, generated inside Postgres with
// generate_series (100k rows per statement). The rollup triggers aggregate each statement as it
// goes, exactly as in production. Sign in as the printed email with the printed password.
// With --accounts > 1 the named account is the heavy one (--heavy-rows of the rows, default
// a fifth) and the rest spread over the other accounts with a long tail (a few big, most
// small), each with 1–3 keys: the 10 M-row measurement (scripts/measure-log-queries.ts,
// docs/scale-out.md) uses `--rows 10000000 --accounts 2000 --heavy-rows 2000000 --days 90 --bulk`.
// --bulk (an empty request_logs only: a measurement database) loads without the secondary
// indexes and the rollup triggers, then builds the indexes again and the rollups in one pass by
// running the triggers' own function bodies over the whole table: several times faster than
// maintaining ten indexes and thousands of rollup rows statement by statement.
import { parseArgs } from "node:util";
import { closeDb, db } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { signUpWithPassword } from "@/lib/auth/accounts";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "100000" }, email: { type: "string", default: "seed@switchyard.test" },
    days: { type: "string", default: "30" }, bulk: { type: "boolean", default: false }, accounts: { type: "string", default: "1" }, "heavy-rows": { type: "string" } },
});
const rows = Number(values.rows);
const days = Number(values.days);
const accounts = Number(values.accounts);
const heavyRows = values["heavy-rows"] === undefined ? (accounts === 1 ? rows : Math.round(rows / 5)) : Number(values["heavy-rows"]);
if (!Number.isInteger(rows) || rows < 1 || rows > 50_000_000) throw new Error("--rows must be an integer from 1 to 50000000");
if (!Number.isInteger(days) || days < 1 || days > 366) throw new Error("--days must be an integer from 1 to 366");
if (!Number.isInteger(accounts) || accounts < 1 || accounts > 100_000) throw new Error("--accounts must be an integer from 1 to 100000");
if (!Number.isInteger(heavyRows) || heavyRows < 0 || heavyRows > rows || (accounts === 1 && heavyRows !== rows)) {
  throw new Error("--heavy-rows must be an integer from 0 to --rows (all of them with one account)");
}
const PASSWORD = "seed-password-123";
const CHUNK = 100_000;

// [model, provider, weight, input $/M, output $/M]
const MODELS: Array<[string, string, number, number, number]> = [
  ["openai/gpt-4o-mini", "openai", 30, 0.15, 0.6], ["openai/gpt-4.1", "openai", 10, 2, 8],
  ["anthropic/claude-sonnet-4-5", "anthropic", 15, 3, 15], ["anthropic/claude-haiku-4-5", "anthropic", 10, 1, 5],
  ["google/gemini-2.5-flash", "google", 20, 0.3, 2.5], ["deepseek/deepseek-chat", "deepseek", 8, 0.27, 1.1],
  ["mistral/mistral-small", "mistral", 5, 0.1, 0.3], ["sim/gpt", "emulator", 2, 0, 0],
];
const ENDPOINTS = ["chat.completions", "chat.completions", "chat.completions", "messages", "responses", "embeddings"];

async function ensureUser(email: string): Promise<string> {
  const existing = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return existing.id;
  const user = await signUpWithPassword({ email, password: PASSWORD, name: "Seed account" });
  // Keys straight in SQL (display-only: nobody calls with them), like the bulk accounts'.
  await pool().query(`INSERT INTO api_keys (id, user_id, name, hash, prefix, suffix)
    SELECT $1 || '_' || k, $1, name, encode(sha256(($1 || '_' || k)::bytea), 'hex'), 'sk-sy-seed', lpad(k::text, 4, '0')
    FROM unnest(ARRAY['production', 'staging', 'batch jobs']) WITH ORDINALITY AS n(name, k)`, [user.id]);
  return user.id;
}

/**
 * The other accounts, straight in SQL (no password hashing: nobody signs in to them), 1–3
 * keys each; returns their (user, key) pairs in account order.
 */
async function ensureBulkAccounts(n: number): Promise<{ users: string[]; keys: string[]; firstKey: number[]; keyCount: number[] }> {
  await pool().query(`INSERT INTO users (id, email, name, updated_at)
    SELECT 'seed_u' || g, 'seed-' || g || '@bulk.switchyard.test', 'Bulk seed ' || g, now() FROM generate_series(1, $1::int) g
    ON CONFLICT (id) DO NOTHING`, [n]);
  await pool().query(`INSERT INTO api_keys (id, user_id, name, hash, prefix, suffix)
    SELECT 'seed_k' || g || '_' || k, 'seed_u' || g, 'key ' || k, encode(sha256(('seed_k' || g || '_' || k)::bytea), 'hex'), 'sk-sy-seed', lpad(k::text, 4, '0')
    FROM generate_series(1, $1::int) g, generate_series(1, 1 + g % 3) k ON CONFLICT (id) DO NOTHING`, [n]);
  const { rows: r } = await pool().query<{ user_id: string; keys: string[] }>(`SELECT user_id, array_agg(id ORDER BY id) AS keys FROM api_keys
    WHERE user_id LIKE 'seed\\_u%' AND user_id = ANY(SELECT 'seed_u' || g FROM generate_series(1, $1::int) g)
    GROUP BY user_id ORDER BY substr(user_id, 7)::int`, [n]);
  const users: string[] = [], keys: string[] = [], firstKey: number[] = [], keyCount: number[] = [];
  for (const row of r) {
    users.push(row.user_id);
    firstKey.push(keys.length + 1); // 1-based, as SQL arrays are
    keyCount.push(row.keys.length);
    keys.push(...row.keys);
  }
  return { users, keys, firstKey, keyCount };
}

const models = MODELS.map(([m]) => m);
const providers = MODELS.map(([, p]) => p);
const cumulative: number[] = [];
{
  let total = 0;
  const weights = MODELS.reduce((sum, [, , w]) => sum + w, 0);
  // Upper bounds of each model's share of [0, 1), except the last (width_bucket thresholds).
  for (const [, , w] of MODELS.slice(0, -1)) cumulative.push((total += w) / weights);
}
const inPrice = MODELS.map(([, , , i]) => Math.round(i * 1e6)); // units per token
const outPrice = MODELS.map(([, , , , o]) => Math.round(o * 1e6));

// $1/$2: the accounts and 1-based index of their first key in $3/count of keys ($10): u = the
// account of row g. A power of a uniform picks accounts with a long tail (account 1 busiest).
const INSERT = `WITH r AS (
    SELECT g, random() AS pick, random() AS st, random() AS lat, random() AS tok,
      1 + floor(power(random(), $12::float8) * array_length($1::text[], 1))::int AS u,
      -- skew toward recent days: square of a uniform
      now() AT TIME ZONE 'UTC' - ((random() ^ 2) * $4 * interval '1 day') AS at
    FROM generate_series(1, $5::int) g
  ), m AS (
    SELECT r.*, 1 + width_bucket(r.pick, $7::float8[]) AS mi, -- model index by weight
      (200 + (tok * tok * 4000))::int AS input_tokens, (20 + tok * 900)::int AS output_tokens,
      ($11::text[])[1 + g % array_length($11::text[], 1)] AS ep
    FROM r
  )
  INSERT INTO request_logs (id, user_id, api_key_id, created_at, endpoint, requested_model, resolved_model, provider,
    status, error_class, stream, input_tokens, output_tokens, cached_tokens, usage_source, cost_units, reserved_units,
    price, latency_ms, ttft_ms, attempts, request_body, response_body, request_bytes)
  SELECT 'req_seed' || md5(random()::text || g::text), ($1::text[])[u], ($3::text[])[($2::int[])[u] + g % ($10::int[])[u]], at,
    ep, ($6::text[])[mi], CASE WHEN st < 0.975 THEN ($6::text[])[mi] END,
    CASE WHEN st < 0.975 THEN ($8::text[])[mi] END,
    CASE WHEN st < 0.975 THEN 200 WHEN st < 0.99 THEN 429 WHEN st < 0.997 THEN 502 ELSE 499 END,
    CASE WHEN st < 0.975 THEN NULL WHEN st < 0.99 THEN 'rate_limited' WHEN st < 0.997 THEN 'upstream_error' ELSE 'client_abort' END,
    g % 3 = 0, CASE WHEN st < 0.975 THEN input_tokens ELSE 0 END, CASE WHEN st < 0.975 THEN output_tokens ELSE 0 END,
    CASE WHEN g % 5 = 0 THEN input_tokens / 2 ELSE 0 END, CASE WHEN st < 0.975 THEN 'provider' ELSE 'none' END,
    CASE WHEN st < 0.975 THEN input_tokens::bigint * ($9::bigint[])[mi] + output_tokens::bigint * ($13::bigint[])[mi] ELSE 0 END,
    0, jsonb_build_object('modelId', ($6::text[])[mi], 'catalogVersion', 'seed', 'inputPerToken', (($9::bigint[])[mi])::text,
      'outputPerToken', (($13::bigint[])[mi])::text, 'cachedInputPerToken', NULL, 'cacheWritePerToken', NULL),
    (80 + exp(lat * 8))::int, CASE WHEN g % 3 = 0 THEN (40 + exp(lat * 6.5))::int END,
    jsonb_build_array(jsonb_build_object('model', ($6::text[])[mi], 'provider', ($8::text[])[mi],
      'status', CASE WHEN st < 0.975 THEN 200 WHEN st < 0.99 THEN 429 ELSE 502 END, 'latencyMs', (80 + exp(lat * 8))::int)),
    jsonb_build_object('model', ($6::text[])[mi], 'messages', jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Seeded prompt ' || g))),
    CASE WHEN st < 0.975 THEN jsonb_build_object('object', 'chat.completion', 'model', ($6::text[])[mi],
      'choices', jsonb_build_array(jsonb_build_object('index', 0, 'finish_reason', 'stop',
        'message', jsonb_build_object('role', 'assistant', 'content', 'Seeded answer ' || g)))) END,
    120 + (tok * 4000)::int
  FROM m`;

/** Inserts `n` rows spread over `users` (the first gets the most when skew > 1). */
async function insertRows(n: number, set: { users: string[]; keys: string[]; firstKey: number[]; keyCount: number[] }, skew: number, progress: (done: number) => void): Promise<void> {
  for (let done = 0; done < n; done += CHUNK) {
    const c = Math.min(CHUNK, n - done);
    await pool().query(INSERT, [set.users, set.firstKey, set.keys, days, c, models, cumulative, providers, inPrice,
      set.keyCount, ENDPOINTS, skew, outPrice]);
    progress(c);
  }
}

/** Drops request_logs' indexes but the primary key; returns their definitions to build them again. */
async function dropSecondaryIndexes(): Promise<string[]> {
  const { rows: idx } = await pool().query<{ name: string; def: string }>(`SELECT indexname AS name, indexdef AS def FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename = 'request_logs' AND indexname <> 'request_logs_pkey'`);
  for (const i of idx) await pool().query(`DROP INDEX "${i.name.replace(/"/g, "")}"`);
  return idx.map((i) => i.def);
}

/** The rollups of every row at once: the trigger functions' bodies, run over the table instead of a statement's rows. */
async function rollUpEverything(): Promise<void> {
  for (const fn of ["switchyard_rollup_request_logs", "switchyard_rollup_request_logs_daily", "switchyard_rollup_request_logs_class_daily"]) {
    const { rows: r } = await pool().query<{ src: string }>("SELECT prosrc AS src FROM pg_proc WHERE proname = $1", [fn]);
    // The optimization page's rollup (migration 20261206170000) is absent on a "before" cluster.
    if (r.length === 0 && fn.endsWith("_class_daily")) continue;
    const src = r[0]?.src;
    if (!src?.includes("new_rows")) throw new Error(`${fn}: not the trigger function this script knows`);
    await pool().query(`DO $seed$ ${src.replaceAll("new_rows", "request_logs").replace("RETURN NULL;", "RETURN;")} $seed$`);
  }
}

async function main(): Promise<void> {
  if (values.bulk) {
    const { rows: existing } = await pool().query("SELECT 1 FROM request_logs LIMIT 1");
    if (existing.length > 0) throw new Error("--bulk needs an empty request_logs (it rolls up the whole table at the end)");
    await pool().query("ALTER TABLE request_logs DISABLE TRIGGER USER");
  }
  const dropped = values.bulk ? await dropSecondaryIndexes() : [];
  const userId = await ensureUser(values.email);
  const heavyKeys = (await db().apiKey.findMany({ where: { userId, kind: "standard" }, select: { id: true } })).map((k) => k.id);
  const started = Date.now();
  let written = 0;
  const progress = (c: number) => {
    written += c;
    process.stdout.write(`\r${written.toLocaleString("en-US")} / ${rows.toLocaleString("en-US")} rows`);
  };
  await insertRows(heavyRows, { users: [userId], keys: heavyKeys, firstKey: [1], keyCount: [heavyKeys.length] }, 1, progress);
  if (accounts > 1 && rows > heavyRows) await insertRows(rows - heavyRows, await ensureBulkAccounts(accounts - 1), 3, progress);
  if (values.bulk) {
    process.stdout.write("\nrolling up…");
    await pool().query("ALTER TABLE request_logs ENABLE TRIGGER USER");
    await rollUpEverything();
  }
  if (dropped.length > 0) {
    process.stdout.write(`\nbuilding ${dropped.length} indexes again…`);
    const client = await pool().connect();
    try {
      await client.query("SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2");
      for (const def of dropped) await client.query(def);
    } finally {
      client.release();
    }
  }
  await pool().query("ANALYZE users; ANALYZE api_keys; ANALYZE request_logs; ANALYZE usage_rollups; ANALYZE latency_rollups; ANALYZE usage_rollups_daily; ANALYZE latency_rollups_daily");
  console.log(`\nSeeded ${rows.toLocaleString("en-US")} rows (${heavyRows.toLocaleString("en-US")} for ${values.email}, password: ${PASSWORD}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

main().then(() => closeDb(), async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await closeDb();
  process.exit(1);
});
