// A flood of rate-limited calls is one request-log row per key and minute, not a database write
// per call: 1,000 refusals of one key in one minute → nothing written while they come, then ONE
// row with refused_count 1000 once the minute is over — and the rollups count 1,000 refused
// requests (requests and errors, under rate_limit_exceeded), not one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { pool } from "@/lib/sql/pool";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { sleep, useGatewayEmulator } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";
import { createKeyWith } from "@/lib/testing/key-fixtures";
import { readLogRow } from "@/lib/testing/log-rows";
import { flushRefusalTallies, pendingRefusals } from "@/lib/gateway/refusals/refusal-tally";

useGatewayEmulator({ setup: (emu) => emu.setModel("emu-chat", { ttftMs: 0, tokensPerSecond: 0 }) });

const FLOOD = 1_000;

describe.each(["node", "fetch"] as const)("rate-limit refusals via the %s door", (door) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(door);
  });
  afterAll(() => api.close());

  const chat = (key: string) => fetch(`${api.baseUrl}/v1/chat/completions`, {
    method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sim/gpt", messages: [{ role: "user", content: "hi" }], max_tokens: 5 }),
  });

  it(`${FLOOD} refusals in a minute: no write while they come, then one row counting ${FLOOD}; rollups count ${FLOOD}`, async () => {
    // Keep the flood inside one minute (the tally's unit).
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 15_000) await sleep(left + 100);
    const { userId } = await createTestUser();
    const { key, keyId } = await createKeyWith(userId, { name: "flooded", rpmLimit: 1 });
    const ok = await chat(key);
    expect(ok.status).toBe(200);
    await ok.text();
    const okRow = await readLogRow(ok.headers.get("x-request-id")!);

    const ids = new Set<string>();
    let answered: unknown = null;
    for (let sent = 0; sent < FLOOD; sent += 50) {
      await Promise.all(Array.from({ length: 50 }, async () => {
        const r = await chat(key);
        expect(r.status).toBe(429);
        ids.add(r.headers.get("x-request-id")!);
        answered = await r.json();
      }));
    }
    for (let i = 0; i < 100 && pendingRefusals() < FLOOD; i++) await sleep(10); // counted after each response
    expect(pendingRefusals()).toBe(FLOOD);
    await flushCharges();
    const during = await pool().query("SELECT 1 FROM request_logs WHERE api_key_id = $1 AND status = 429", [keyId]);
    expect(during.rowCount, "nothing written per refused call").toBe(0);

    expect(flushRefusalTallies(), "the minute is not over yet").toBe(0);
    expect(flushRefusalTallies({}, Date.now() + 60_000)).toBe(1);
    await flushCharges();
    const { rows } = await pool().query<{ id: string }>("SELECT id FROM request_logs WHERE api_key_id = $1 AND status = 429", [keyId]);
    expect(rows).toHaveLength(1);
    const row = await readLogRow(rows[0]!.id);
    expect(ids.has(row.id), "the row is the first counted call's").toBe(true);
    expect(row).toMatchObject({
      refused_count: FLOOD, endpoint: "chat.completions", requested_model: "sim/gpt", error_class: "rate_limit_exceeded",
      cost_units: "0", request_body: null, user_id: userId,
    });
    // The first counted call's answer (their retry-after seconds differ).
    expect(row.response_body).toMatchObject({ error: { type: "rate_limit_error", code: "rate_limit_exceeded", message: expect.stringMatching(/^Rate limit reached: 1 requests per minute/) } });
    expect(answered).toMatchObject({ error: { code: "rate_limit_exceeded" } });

    // Rollups: requests and errors add refused_count, hourly and daily; latency histograms too.
    const sums = async (table: string) => (await pool().query<{ requests: number; errors: number }>(
      `SELECT sum(requests)::int AS requests, sum(errors)::int AS errors FROM ${table}
       WHERE api_key_id = $1 AND error_class = 'rate_limit_exceeded'`, [keyId])).rows[0]!;
    expect(await sums("usage_rollups")).toEqual({ requests: FLOOD, errors: FLOOD });
    expect(await sums("usage_rollups_daily")).toEqual({ requests: FLOOD, errors: FLOOD });
    const latency = await pool().query<{ n: number }>(
      "SELECT sum(count)::int AS n FROM latency_rollups_daily WHERE user_id = $1 AND metric = 0", [userId]);
    expect(latency.rows[0]!.n).toBe(FLOOD + 1);

    // The API shows the count (and each row's request class).
    const api1 = await (await fetch(`${api.baseUrl}/v1/requests/${row.id}`, { headers: { authorization: `Bearer ${key}` } })).json() as Record<string, unknown>;
    expect(api1).toMatchObject({ refused_count: FLOOD, status: 429, request_class: null });
    const api2 = await (await fetch(`${api.baseUrl}/v1/requests/${okRow.id}`, { headers: { authorization: `Bearer ${key}` } })).json() as Record<string, unknown>;
    expect(api2).toMatchObject({ refused_count: 1, request_class: okRow.request_class });
    expect(okRow.request_class).toEqual(expect.any(String));
  }, 60_000);
});
