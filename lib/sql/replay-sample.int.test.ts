// The replay lab's sample (lib/sql/replay-sample.ts sampleLogs) on a window much larger than the
// sample, where it draws hours by their rollup counts instead of sorting the whole window: every
// row it returns still matches the window and the filters, none twice, and the sample is full.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { sampleLogs } from "@/lib/sql/replay-sample";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

/** `n` rows per hour over the last `hours` hours, a quarter of them on each of four models. */
async function logs(userId: string, keyId: string, hours: number, n: number, extra: { status?: number; endpoint?: string; source?: string; hoursAgo?: number } = {}) {
  await pool().query(`INSERT INTO request_logs (id, user_id, api_key_id, created_at, endpoint, requested_model, resolved_model,
      provider, status, source, request_body, response_body)
    SELECT 'req_s' || md5(random()::text || g), $1, $2,
      (now() AT TIME ZONE 'UTC') - make_interval(hours => $6::int + g % $3::int, secs => g * 1.7),
      $5, 'm/' || (g % 4), CASE WHEN $4::int = 200 THEN 'm/' || (g % 4) END, 'p', $4, $7,
      '{"model":"m","messages":[{"role":"user","content":"hi"}]}', '{"object":"chat.completion"}'
    FROM generate_series(1, $3::int * $8::int) g`,
  [userId, keyId, hours, extra.status ?? 200, extra.endpoint ?? "chat.completions", extra.hoursAgo ?? 0, extra.source ?? "api", n]);
}

describe("replay sample on a large window", () => {
  it("returns `size` distinct rows, each an answered chat call of the window matching the filters", async () => {
    const { userId, keyId } = await createTestUser();
    await logs(userId, keyId, 30, 20); // 600 candidates: > 4 × 50, so hours are drawn
    await logs(userId, keyId, 30, 5, { status: 502 });
    await logs(userId, keyId, 30, 5, { endpoint: "embeddings" });
    await logs(userId, keyId, 30, 5, { source: "replay" });
    await logs(userId, keyId, 10, 20, { hoursAgo: 24 * 5 }); // outside a 2-day window

    const sample = await sampleLogs(userId, 2, 50, {});
    expect(sample).toHaveLength(50);
    expect(new Set(sample.map((s) => s.id)).size).toBe(50);
    const ids = sample.map((s) => s.id);
    const { rows } = await pool().query<{ bad: number }>(`SELECT count(*)::int AS bad FROM request_logs WHERE id = ANY($1)
      AND (status <> 200 OR endpoint <> 'chat.completions' OR source <> 'api'
        OR created_at < (now() AT TIME ZONE 'UTC') - interval '2 days' OR user_id <> $2)`, [ids, userId]);
    expect(rows[0]!.bad).toBe(0);

    const one = await sampleLogs(userId, 2, 30, { model: "m/1" });
    expect(one).toHaveLength(30);
    expect(new Set(one.map((s) => s.model))).toEqual(new Set(["m/1"]));
    expect(await sampleLogs(userId, 2, 30, { model: "m/none" })).toEqual([]);
  });
});
