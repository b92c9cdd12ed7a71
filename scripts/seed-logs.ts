// `npm run seed:logs -- --rows 1000000 [--email seed@switchyard.test] [--days 30]`
// Fills one test account with realistic request logs, generated inside Postgres with
// generate_series (about 100k rows per statement), so a million rows take well under a
// minute. The rollup trigger aggregates each statement as it goes, exactly as in production.
// Sign in as the printed email with the printed password to look at the dashboard.
import { parseArgs } from "node:util";
import { closeDb, db } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { signUpWithPassword } from "@/lib/auth/accounts";
import { createApiKey } from "@/lib/api-keys/manage-keys";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "100000" }, email: { type: "string", default: "seed@switchyard.test" },
    days: { type: "string", default: "30" } },
});
const rows = Number(values.rows);
const days = Number(values.days);
if (!Number.isInteger(rows) || rows < 1 || rows > 50_000_000) throw new Error("--rows must be an integer from 1 to 50000000");
if (!Number.isInteger(days) || days < 1 || days > 366) throw new Error("--days must be an integer from 1 to 366");
const PASSWORD = "seed-password-123";
const CHUNK = 100_000;

// [model, provider, weight, input $/M, output $/M]
const MODELS: Array<[string, string, number, number, number]> = [
  ["openai/gpt-4o-mini", "openai", 30, 0.15, 0.6], ["openai/gpt-4.1", "openai", 10, 2, 8],
  ["anthropic/claude-sonnet-4-5", "anthropic", 15, 3, 15], ["anthropic/claude-haiku-4-5", "anthropic", 10, 1, 5],
  ["google/gemini-2.5-flash", "google", 20, 0.3, 2.5], ["deepseek/deepseek-chat", "deepseek", 8, 0.27, 1.1],
  ["mistral/mistral-small", "mistral", 5, 0.1, 0.3], ["sim/gpt", "emulator", 2, 0, 0],
];

async function ensureUser(email: string): Promise<string> {
  const existing = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return existing.id;
  const user = await signUpWithPassword({ email, password: PASSWORD, name: "Seed account" });
  for (const name of ["production", "staging", "batch jobs"]) await createApiKey(user.id, name);
  return user.id;
}

async function main(): Promise<void> {
  const userId = await ensureUser(values.email);
  const keys = (await db().apiKey.findMany({ where: { userId }, select: { id: true } })).map((k) => k.id);
  const models = MODELS.map(([m]) => m);
  const providers = MODELS.map(([, p]) => p);
  const cumulative: number[] = [];
  let total = 0;
  const weights = MODELS.reduce((sum, [, , w]) => sum + w, 0);
  // Upper bounds of each model's share of [0, 1), except the last (width_bucket thresholds).
  for (const [, , w] of MODELS.slice(0, -1)) cumulative.push((total += w) / weights);
  const inPrice = MODELS.map(([, , , i]) => Math.round(i * 1e6)); // units per token
  const outPrice = MODELS.map(([, , , , o]) => Math.round(o * 1e6));
  const started = Date.now();
  for (let done = 0; done < rows; done += CHUNK) {
    const n = Math.min(CHUNK, rows - done);
    await pool().query(
      `WITH r AS (
         SELECT g, random() AS pick, random() AS st, random() AS lat, random() AS tok,
           -- skew toward recent days: square of a uniform
           now() AT TIME ZONE 'UTC' - ((random() ^ 2) * $3 * interval '1 day') AS at
         FROM generate_series(1, $2::int) g
       ), m AS (
         SELECT r.*, 1 + width_bucket(r.pick, $6::float8[]) AS mi, -- model index by weight
           (200 + (tok * tok * 4000))::int AS input_tokens, (20 + tok * 900)::int AS output_tokens
         FROM r
       )
       INSERT INTO request_logs (id, user_id, api_key_id, created_at, endpoint, requested_model, resolved_model, provider,
         status, error_class, stream, input_tokens, output_tokens, cached_tokens, usage_source, cost_units, reserved_units,
         price, latency_ms, ttft_ms, attempts, request_body, response_body)
       SELECT 'req_seed' || md5(random()::text || g::text), $1, ($4::text[])[1 + (g % array_length($4::text[], 1))], at,
         '/chat/completions', ($5::text[])[mi], CASE WHEN st < 0.975 THEN ($5::text[])[mi] END,
         CASE WHEN st < 0.975 THEN ($7::text[])[mi] END,
         CASE WHEN st < 0.975 THEN 200 WHEN st < 0.99 THEN 429 WHEN st < 0.997 THEN 502 ELSE 499 END,
         CASE WHEN st < 0.975 THEN NULL WHEN st < 0.99 THEN 'rate_limited' WHEN st < 0.997 THEN 'upstream_error' ELSE 'client_abort' END,
         g % 3 = 0, CASE WHEN st < 0.975 THEN input_tokens ELSE 0 END, CASE WHEN st < 0.975 THEN output_tokens ELSE 0 END,
         CASE WHEN g % 5 = 0 THEN input_tokens / 2 ELSE 0 END, CASE WHEN st < 0.975 THEN 'provider' ELSE 'none' END,
         CASE WHEN st < 0.975 THEN input_tokens::bigint * ($8::bigint[])[mi] + output_tokens::bigint * ($9::bigint[])[mi] ELSE 0 END,
         0, jsonb_build_object('modelId', ($5::text[])[mi], 'catalogVersion', 'seed', 'inputPerToken', (($8::bigint[])[mi])::text,
           'outputPerToken', (($9::bigint[])[mi])::text, 'cachedInputPerToken', NULL, 'cacheWritePerToken', NULL),
         (80 + exp(lat * 8))::int, CASE WHEN g % 3 = 0 THEN (40 + exp(lat * 6.5))::int END,
         jsonb_build_array(jsonb_build_object('model', ($5::text[])[mi], 'provider', ($7::text[])[mi],
           'status', CASE WHEN st < 0.975 THEN 200 WHEN st < 0.99 THEN 429 ELSE 502 END, 'latencyMs', (80 + exp(lat * 8))::int)),
         jsonb_build_object('model', ($5::text[])[mi], 'messages', jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Seeded prompt ' || g))),
         NULL
       FROM m`,
      [userId, n, days, keys, models, cumulative, providers, inPrice, outPrice]);
    process.stdout.write(`\r${Math.min(done + n, rows).toLocaleString("en-US")} / ${rows.toLocaleString("en-US")} rows`);
  }
  await pool().query("ANALYZE request_logs; ANALYZE usage_rollups; ANALYZE latency_rollups");
  console.log(`\nSeeded ${rows.toLocaleString("en-US")} rows in ${((Date.now() - started) / 1000).toFixed(1)} s for ${values.email} (password: ${PASSWORD}).`);
}

main().then(() => closeDb(), async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await closeDb();
  process.exit(1);
});
