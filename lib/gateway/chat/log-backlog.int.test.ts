// Issue #16 point 1: the charge writer's queue is bounded. While the database cannot take the
// logs (here: request_logs locked by another session), rows pile up to the bound; then new
// chat requests get 503 with retry-after before anything is reserved, rather than a charged
// row ever being dropped. Once the database is back, everything queued is written and charged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/sql/pool";
import { renderMetrics } from "@/lib/observability/metrics";
import { chargeBacklog, setChargeBacklogLimitForTests } from "@/lib/billing/settlement/charge-writer";
import { flushRefusalTallies } from "@/lib/gateway/refusals/refusal-tally";
import { startApiServer, type ApiServer } from "@/lib/testing/api-servers";
import { SIGNUP_UNITS, balanceOf, ledgerSum, sleep, useGatewayEmulator, waitForLogCount } from "@/lib/testing/chat-harness";
import { createTestUser } from "@/lib/testing/fixtures";

useGatewayEmulator();
let api: ApiServer;
beforeAll(async () => {
  api = await startApiServer("node");
  setChargeBacklogLimitForTests(2);
});
afterAll(async () => {
  setChargeBacklogLimitForTests(null);
  await api.close();
});

async function chat(key: string): Promise<Response> {
  return fetch(`${api.baseUrl}/v1/chat/completions`, {
    method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sim/gpt", messages: [{ role: "user", content: "hello" }] }),
  });
}

const backlogMetric = () => Number(renderMetrics().split("\n").find((l) => l.startsWith("switchyard_request_log_backlog "))?.split(" ")[1]);

describe("charge backlog bound", () => {
  it("answers 503 with retry-after at the bound, reserves nothing, and loses no charged row", async () => {
    const u = await createTestUser();
    const locker = await pool().connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE request_logs IN EXCLUSIVE MODE"); // the writer's INSERT waits
      for (let i = 0; i < 2; i++) {
        const res = await chat(u.key);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      for (let i = 0; i < 100 && chargeBacklog().rows < 2; i++) await sleep(20); // rows queue after the response
      expect(chargeBacklog()).toEqual({ rows: 2, full: true });
      expect(backlogMetric()).toBe(2);
      const { rows: [heldBefore] } = await pool().query<{ held: string }>("SELECT held::text FROM users WHERE id = $1", [u.userId]);

      const refused = await chat(u.key);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      const body = (await refused.json()) as { error: { message: string; type: string } };
      expect(body.error.message).toMatch(/retry/i);
      const { rows: [heldAfter] } = await pool().query<{ held: string }>("SELECT held::text FROM users WHERE id = $1", [u.userId]);
      expect(heldAfter!.held).toBe(heldBefore!.held);
      await locker.query("COMMIT");
    } finally {
      await locker.query("ROLLBACK").catch(() => undefined);
      locker.release();
    }
    await waitForLogCount(u.userId, 2);
    expect(chargeBacklog()).toEqual({ rows: 0, full: false });

    const again = await chat(u.key);
    expect(again.status).toBe(200);
    await again.arrayBuffer();
    await waitForLogCount(u.userId, 3);
    // The tally row (status 503) may already be written if the test crossed a minute boundary.
    const { rows } = await pool().query<{ n: number; s: string }>(
      "SELECT count(*)::int AS n, sum(cost_units)::text AS s FROM request_logs WHERE user_id = $1 AND status <> 503", [u.userId]);
    // The refused request was counted, not queued, while the backlog was full (lib/gateway/refusals):
    // its row comes with its minute's tally.
    expect(rows[0]!.n).toBe(3);
    expect(await balanceOf(u.userId)).toBe(SIGNUP_UNITS - BigInt(rows[0]!.s));
    expect(await ledgerSum(u.userId)).toBe(SIGNUP_UNITS - BigInt(rows[0]!.s));
    expect(flushRefusalTallies({ all: true })).toBeLessThanOrEqual(1);
    await waitForLogCount(u.userId, 4);
    const { rows: [refused] } = await pool().query<{ status: number; cost_units: string; refused_count: number }>(
      "SELECT status, cost_units::text, refused_count FROM request_logs WHERE user_id = $1 AND status = 503", [u.userId]);
    expect(refused).toEqual({ status: 503, cost_units: "0", refused_count: 1 });
  });
});
