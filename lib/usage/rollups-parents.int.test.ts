// Rollups and orchestration (SPEC §2; migration 20261206120000_rollups_skip_parents): an
// orchestration call's own row (is_parent) is not counted, its sub-calls are — whatever order
// the log writer's batches put them in — in the hourly and daily usage and latency rollups.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";

type Row = { id: string; parentId: string | null; isParent: boolean; input: number; output: number; cost: bigint; latency: number; ttft: number | null };

async function insert(userId: string, rows: Row[]): Promise<void> {
  // One statement per call: the rollup triggers aggregate per statement, as for the log writer's batches.
  const values = rows.map((_, i) => `($${i * 9 + 1}, $${i * 9 + 2}, '2026-12-06T10:15:00Z', 'compare', 'sim/gpt', 'sim/gpt', 'emulator', 200,
    $${i * 9 + 3}, $${i * 9 + 4}, $${i * 9 + 5}, $${i * 9 + 6}, $${i * 9 + 7}, $${i * 9 + 8}, $${i * 9 + 9})`);
  await pool().query(
    `INSERT INTO request_logs (id, user_id, created_at, endpoint, requested_model, resolved_model, provider, status,
       parent_id, is_parent, input_tokens, output_tokens, cost_units, latency_ms, ttft_ms) VALUES ${values.join(", ")}`,
    rows.flatMap((r) => [r.id, userId, r.parentId, r.isParent, r.input, r.output, r.cost.toString(), r.latency, r.ttft]));
}

async function rollups(userId: string) {
  const usage = async (table: string) => (await pool().query<{ requests: number; input: string; output: string; cost: string; latency: string }>(
    `SELECT sum(requests)::int AS requests, sum(input_tokens)::text AS input, sum(output_tokens)::text AS output,
       sum(cost_units)::text AS cost, sum(latency_ms_sum)::text AS latency FROM ${table} WHERE user_id = $1`, [userId])).rows[0];
  const latency = async (table: string) => (await pool().query<{ metric: number; n: number }>(
    `SELECT metric::int, sum(count)::int AS n FROM ${table} WHERE user_id = $1 GROUP BY metric ORDER BY metric`, [userId])).rows;
  return {
    hourly: await usage("usage_rollups"), daily: await usage("usage_rollups_daily"),
    latencyHourly: await latency("latency_rollups"), latencyDaily: await latency("latency_rollups_daily"),
  };
}

function family(tag: string) {
  const parent: Row = { id: `req_${tag}_parent`, parentId: null, isParent: true, input: 0, output: 0, cost: 0n, latency: 2_400, ttft: 300 };
  const child = (n: number, input: number, output: number, cost: bigint): Row =>
    ({ id: `req_${tag}_child${n}`, parentId: parent.id, isParent: false, input, output, cost, latency: 1_000 * n, ttft: 200 * n });
  return { parent, children: [child(1, 120, 30, 1_500_000_000n), child(2, 80, 45, 2_250_000_000n)] };
}

const expected = {
  usage: { requests: 2, input: "200", output: "75", cost: "3750000000", latency: "3000" },
  latency: [{ metric: 0, n: 2 }, { metric: 1, n: 2 }],
};

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

describe("rollups with orchestration parent rows", () => {
  it.each([
    ["parent first, then its sub-calls", (f: ReturnType<typeof family>) => [[f.parent], f.children]],
    ["sub-calls first, then the parent", (f: ReturnType<typeof family>) => [f.children, [f.parent]]],
    ["all in one batch", (f: ReturnType<typeof family>) => [[f.children[0]!, f.parent, f.children[1]!]]],
  ])("count the sub-calls' requests, tokens and cost once: %s", async (_order, batches) => {
    const { userId } = await createTestUser();
    const f = family(userId);
    for (const batch of batches(f)) await insert(userId, batch);
    const r = await rollups(userId);
    expect(r.hourly).toEqual(expected.usage);
    expect(r.daily).toEqual(expected.usage);
    expect(r.latencyHourly).toEqual(expected.latency);
    expect(r.latencyDaily).toEqual(expected.latency);
  });

  it("counts rows that are not parents as before (is_parent defaults to false)", async () => {
    const { userId } = await createTestUser();
    await pool().query(
      `INSERT INTO request_logs (id, user_id, created_at, endpoint, requested_model, status, input_tokens, cost_units, latency_ms)
       VALUES ($1, $2, '2026-12-06T10:15:00Z', 'chat.completions', 'sim/gpt', 200, 7, 99, 50)`, [`req_${userId}_plain`, userId]);
    const r = await rollups(userId);
    expect(r.hourly).toMatchObject({ requests: 1, input: "7", cost: "99" });
    expect(r.latencyDaily).toEqual([{ metric: 0, n: 1 }]);
  });
});
