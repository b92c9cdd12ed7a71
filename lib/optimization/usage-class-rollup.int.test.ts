// The optimization page's rollup (migration 20261206170000_usage_class_daily) on the real
// database: what its insert trigger keeps — and what the migration's backfill builds from
// existing logs — equals the raw-log grouping the page used to run (answered API calls only:
// no refusals, failures, playground or replay calls, orchestration parents or sub-calls), over
// several insert statements and days; "purge my logs" and account deletion remove it.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccount } from "@/lib/account/delete-account";
import { purgeLogs } from "@/lib/account/purge-logs";
import { closeDb } from "@/lib/db";
import { OPTIMIZABLE_ENDPOINTS, usageGroupRows, type UsageGroupRow } from "@/lib/sql/optimization";
import { pool } from "@/lib/sql/pool";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";

type Log = {
  keyId: string | null; at: Date; endpoint?: string; model?: string; resolved?: string | null; status?: number;
  input?: number; output?: number; cached?: number; cost?: bigint; latency?: number; source?: string;
  parentId?: string | null; isParent?: boolean; requestClass?: string | null; refused?: number;
};

const DAY_MS = 86_400_000;
let seq = 0;

/** One INSERT statement for all of `logs` (the triggers aggregate per statement, like the log writer's batches). */
async function insert(userId: string, all: Log[]): Promise<void> {
  const logs = all.filter((l) => !l.refused);
  const cols = 17;
  const values = logs.map((_, i) => `(${Array.from({ length: cols }, (_, c) => `$${i * cols + c + 1}`).join(", ")})`);
  await pool().query(
    `INSERT INTO request_logs (id, user_id, api_key_id, created_at, endpoint, requested_model, resolved_model, status,
       input_tokens, output_tokens, cached_tokens, cost_units, latency_ms, source, parent_id, is_parent, request_class) VALUES ${values.join(", ")}`,
    logs.flatMap((l) => {
      const model = l.model ?? "sim/claude";
      const status = l.status ?? 200;
      return [
        `req_ucr${userId.slice(-6)}${String(seq++).padStart(5, "0")}`, userId, l.keyId, l.at.toISOString(), l.endpoint ?? "chat.completions",
        model, l.resolved === undefined ? (status === 200 ? model : null) : l.resolved, status, l.input ?? 1_000, l.output ?? 400,
        l.cached ?? 0, (l.cost ?? 3_000_000_000n).toString(), l.latency ?? 800, l.source ?? "api", l.parentId ?? null, l.isParent ?? false,
        l.requestClass === undefined ? "code" : l.requestClass,
      ];
    }));
  // Refusals come aggregated (refused_count > 1): a separate statement, the column is not in the list above.
  for (const l of all.filter((x) => x.refused)) {
    await pool().query(
      `INSERT INTO request_logs (id, user_id, api_key_id, created_at, endpoint, requested_model, status, error_class, refused_count)
       VALUES ($1, $2, $3, $4, 'chat.completions', $5, 429, 'rate_limit_exceeded', $6)`,
      [`req_ucr${userId.slice(-6)}${String(seq++).padStart(5, "0")}`, userId, l.keyId, l.at.toISOString(), l.model ?? "sim/claude", l.refused]);
  }
}

// The statement the page ran before the rollup, with the rollup's window (whole UTC days) and
// the mean instead of the median: what the rollup must reproduce.
async function fromRawLogs(userId: string, days: number): Promise<UsageGroupRow[]> {
  const { rows } = await pool().query<{
    api_key_id: string; endpoint: string; request_class: string; model: string; requests: number; input_tokens: string;
    output_tokens: string; cached_tokens: string; cost_units: string; max_input_tokens: number; mean_latency_ms: number; first_at: Date;
  }>(
    `SELECT coalesce(api_key_id, '') AS api_key_id, endpoint, coalesce(request_class, 'unclassified') AS request_class,
       coalesce(resolved_model, requested_model) AS model, count(*)::int AS requests,
       sum(input_tokens)::text AS input_tokens, sum(output_tokens)::text AS output_tokens,
       sum(cached_tokens)::text AS cached_tokens, sum(cost_units)::text AS cost_units, max(input_tokens)::int AS max_input_tokens,
       round(avg(latency_ms))::int AS mean_latency_ms, (min(created_at) AT TIME ZONE 'UTC') AS first_at
     FROM request_logs
     WHERE user_id = $1 AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => $2::int)
       AND status = 200 AND NOT is_parent AND parent_id IS NULL AND source = 'api' AND endpoint = ANY($3::text[])
     GROUP BY 1, 2, 3, 4`, [userId, days, [...OPTIMIZABLE_ENDPOINTS]]);
  return rows.map((r) => ({
    apiKeyId: r.api_key_id, endpoint: r.endpoint, requestClass: r.request_class, model: r.model, requests: r.requests,
    inputTokens: Number(r.input_tokens), outputTokens: Number(r.output_tokens), cachedTokens: Number(r.cached_tokens),
    costUnits: BigInt(r.cost_units), maxInputTokens: r.max_input_tokens, meanLatencyMs: r.mean_latency_ms, firstAt: r.first_at,
  }));
}

const sorted = (rows: UsageGroupRow[]) =>
  [...rows].sort((a, b) => `${a.apiKeyId}|${a.endpoint}|${a.requestClass}|${a.model}`.localeCompare(`${b.apiKeyId}|${b.endpoint}|${b.requestClass}|${b.model}`));

const rollupRows = async (userId: string) =>
  (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM usage_class_rollups_daily WHERE user_id = $1", [userId])).rows[0]!.n;

/** A varied account: several days, keys (and none), endpoints, classes and models, plus every kind of row the page must not count. */
async function seedAccount(userId: string, keyId: string): Promise<void> {
  const now = Date.now();
  const ago = (days: number, minute = 0) => new Date(now - days * DAY_MS + minute * 60_000);
  // Use case traffic over three days, in three statements (the ON CONFLICT path merges days' rows).
  await insert(userId, Array.from({ length: 12 }, (_, i) => ({
    keyId, at: ago(3, i), input: 500 + i * 100, output: 100 + i, cached: i % 3 === 0 ? 200 : 0, cost: BigInt(1_000_000 + i), latency: 300 + i * 50,
  })));
  await insert(userId, [
    ...Array.from({ length: 7 }, (_, i) => ({ keyId, at: ago(1, i), input: 9_000 - i, latency: 1_000 + i })),
    ...Array.from({ length: 5 }, (_, i) => ({ keyId, at: ago(1, 10 + i), model: "sim/fast", requestClass: "math", latency: 5 + i })),
    ...Array.from({ length: 4 }, (_, i) => ({ keyId: null, at: ago(1, 20 + i), endpoint: "messages", requestClass: null })),
    ...Array.from({ length: 3 }, (_, i) => ({ keyId, at: ago(1, 30 + i), endpoint: "responses", model: "sim/gpt" })),
    // Rolled up (another endpoint) but not on the page.
    { keyId, at: ago(1, 40), endpoint: "embeddings", model: "sim/embed" },
    // Not the page's traffic: a failure, a refusal flood, playground and replay calls, an
    // orchestration parent and its sub-calls.
    { keyId, at: ago(1, 41), status: 500, input: 0, output: 0, cost: 0n },
    { keyId, at: ago(1, 42), refused: 25 },
    { keyId, at: ago(1, 43), source: "playground" },
    { keyId, at: ago(1, 44), source: "replay" },
    { keyId, at: ago(1, 45), isParent: true, input: 0, output: 0, cost: 0n },
    { keyId, at: ago(1, 46), parentId: "req_some_parent" },
  ]);
  await insert(userId, [{ keyId, at: ago(0, -5), input: 20_000, latency: 4_000 }, { keyId, at: ago(40), latency: 100 }]);
}

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

describe("usage_class_rollups_daily", () => {
  it("the page's groups from the rollup equal the raw-log grouping, for 7, 30 and 90 days", async () => {
    const u = await createTestUser();
    await seedAccount(u.userId, u.keyId);
    for (const days of [7, 30, 90]) expect(sorted(await usageGroupRows(u.userId, days))).toEqual(sorted(await fromRawLogs(u.userId, days)));
    const groups = await usageGroupRows(u.userId, 30);
    // 12 + 7 + 1 answered code calls on sim/claude (the 40-day-old one is outside the window), none of the excluded rows.
    expect(groups.find((g) => g.apiKeyId === u.keyId && g.requestClass === "code" && g.model === "sim/claude")).toMatchObject({
      endpoint: "chat.completions", requests: 20, maxInputTokens: 20_000,
    });
    expect(groups.find((g) => g.apiKeyId === "")).toMatchObject({ endpoint: "messages", requestClass: "unclassified", requests: 4 });
    expect(groups.map((g) => g.endpoint)).not.toContain("embeddings");
    expect(groups).toHaveLength(4);
  });

  it("the migration's backfill builds the same rows from existing logs as the trigger did", async () => {
    const u = await createTestUser();
    await seedAccount(u.userId, u.keyId);
    const dump = "SELECT * FROM usage_class_rollups_daily WHERE user_id = $1 ORDER BY day, api_key_id, endpoint, request_class, model";
    const byTrigger = (await pool().query(dump, [u.userId])).rows;
    expect(byTrigger.length).toBeGreaterThan(4);
    const sql = fs.readFileSync(path.join(process.cwd(), "prisma/migrations/20261206170000_usage_class_daily/migration.sql"), "utf8");
    const backfill = sql.slice(sql.indexOf("INSERT INTO \"usage_class_rollups_daily\""))
      .replace("WHERE status = 200", "WHERE user_id = $1 AND status = 200");
    expect(backfill).toContain("user_id = $1");
    // Rolled back afterwards: only this account's rows are rebuilt, and only for the comparison.
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("DELETE FROM usage_class_rollups_daily WHERE user_id = $1", [u.userId]);
      await client.query(backfill, [u.userId]);
      expect((await client.query(dump, [u.userId])).rows).toEqual(byTrigger);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });

  it("purge removes the account's rollup rows, account deletion too; another account's stay", async () => {
    const [a, b, other] = await Promise.all([createTestUser(), createTestUser(), createTestUser()]);
    for (const x of [a, b, other]) await insert(x.userId, [{ keyId: x.keyId, at: new Date() }]);
    expect(await rollupRows(a.userId)).toBe(1);
    await purgeLogs(a.userId);
    await deleteAccount(b.userId, b.email);
    expect([await rollupRows(a.userId), await rollupRows(b.userId), await rollupRows(other.userId)]).toEqual([0, 0, 1]);
  });
});
