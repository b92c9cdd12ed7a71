// The replay lab's sample (lib/sql/replay-sample.ts sampleLogs) on a window much larger than the
// sample, where it draws hours by their rollup counts instead of sorting the whole window: every
// row it returns still matches the window and the filters, none twice, and the sample is full.
// With a request-class filter (the optimization page's use cases are key × endpoint × class) it
// takes only that class's rows, on a small window and a large one, and a class that is rare in
// a large window is still found in full.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { sampleLogs } from "@/lib/sql/replay-sample";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

/** `n` rows per hour over the last `hours` hours, a quarter of them on each of four models. */
type Extra = { status?: number; endpoint?: string; source?: string; hoursAgo?: number; requestClass?: string | null };
async function logs(userId: string, keyId: string, hours: number, n: number, extra: Extra = {}) {
  await pool().query(`INSERT INTO request_logs (id, user_id, api_key_id, created_at, endpoint, requested_model, resolved_model,
      provider, status, source, request_body, response_body, request_class)
    SELECT 'req_s' || md5(random()::text || g), $1, $2,
      (now() AT TIME ZONE 'UTC') - make_interval(hours => $6::int + g % $3::int, secs => g * 1.7),
      $5, 'm/' || (g % 4), CASE WHEN $4::int = 200 THEN 'm/' || (g % 4) END, 'p', $4, $7,
      '{"model":"m","messages":[{"role":"user","content":"hi"}]}', '{"object":"chat.completion"}', $9
    FROM generate_series(1, $3::int * $8::int) g`,
  [userId, keyId, hours, extra.status ?? 200, extra.endpoint ?? "chat.completions", extra.hoursAgo ?? 0, extra.source ?? "api", n,
    extra.requestClass === undefined ? "general" : extra.requestClass]);
}

/** The request classes of these log ids. */
async function classesOf(ids: string[]): Promise<Set<string | null>> {
  const { rows } = await pool().query<{ c: string | null }>("SELECT request_class AS c FROM request_logs WHERE id = ANY($1)", [ids]);
  expect(rows).toHaveLength(ids.length);
  return new Set(rows.map((r) => r.c));
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

describe("replay sample by request class", () => {
  it("a small window: only the asked class, all of it when the sample is larger", async () => {
    const { userId, keyId } = await createTestUser();
    await logs(userId, keyId, 2, 10, { requestClass: "code" }); // 20 code
    await logs(userId, keyId, 2, 15, { requestClass: "quick_chat" }); // 30 quick chats, same key and endpoint
    await logs(userId, keyId, 2, 5, { requestClass: null }); // logged before the classifier

    const code = await sampleLogs(userId, 1, 50, { keyId, endpoint: "chat.completions", requestClass: "code" });
    expect(code).toHaveLength(20);
    expect(await classesOf(code.map((s) => s.id))).toEqual(new Set(["code"]));
    const chats = await sampleLogs(userId, 1, 20, { keyId, requestClass: "quick_chat" });
    expect(chats).toHaveLength(20);
    expect(await classesOf(chats.map((s) => s.id))).toEqual(new Set(["quick_chat"]));
    expect(await sampleLogs(userId, 1, 20, { keyId, requestClass: "vision" })).toEqual([]);
    expect(await sampleLogs(userId, 1, 50, { requestClass: "code", endpoint: "messages" })).toEqual([]);
    expect(await sampleLogs(userId, 1, 100, { keyId })).toHaveLength(60);
  });

  it("a large window (hours drawn): a full sample of the class alone, and a rare class found in full", async () => {
    const { userId, keyId } = await createTestUser();
    await logs(userId, keyId, 30, 12, { requestClass: "code" }); // 360 code
    await logs(userId, keyId, 30, 12, { requestClass: "general" }); // 360 general
    await logs(userId, keyId, 1, 24, { requestClass: "math", hoursAgo: 26 }); // 24 math, all in one hour a day back
    await logs(userId, keyId, 30, 4, { requestClass: "code", status: 502 });
    await logs(userId, keyId, 30, 4, { requestClass: "code", source: "replay" });

    const code = await sampleLogs(userId, 2, 60, { keyId, requestClass: "code" }); // 360 > 4 × 60: probes
    expect(code).toHaveLength(60);
    expect(new Set(code.map((s) => s.id)).size).toBe(60);
    expect(await classesOf(code.map((s) => s.id))).toEqual(new Set(["code"]));
    const { rows } = await pool().query<{ bad: number }>(`SELECT count(*)::int AS bad FROM request_logs WHERE id = ANY($1)
      AND (status <> 200 OR source <> 'api' OR user_id <> $2)`, [code.map((s) => s.id), userId]);
    expect(rows[0]!.bad).toBe(0);
    const oneModel = await sampleLogs(userId, 2, 30, { keyId, requestClass: "general", model: "m/2" });
    expect(oneModel).toHaveLength(30);
    expect(new Set(oneModel.map((s) => s.model))).toEqual(new Set(["m/2"]));
    expect(await classesOf(oneModel.map((s) => s.id))).toEqual(new Set(["general"]));

    // 24 of 744 rows: few of the class, so every one of them is a candidate.
    const math = await sampleLogs(userId, 2, 20, { keyId, requestClass: "math" });
    expect(math).toHaveLength(20);
    expect(await classesOf(math.map((s) => s.id))).toEqual(new Set(["math"]));
    expect((await sampleLogs(userId, 2, 50, { requestClass: "math" })).length).toBe(24);
    expect(await sampleLogs(userId, 2, 20, { keyId, requestClass: "tools" })).toEqual([]);
  });
});
