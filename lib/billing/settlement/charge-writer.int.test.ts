// The charge writer against a real Postgres, with log rows that bypass the body sanitiser:
// a row the database refuses is isolated and stored without its bodies, an entry that can
// never be written is given up with its charge released, and only connection errors are retried.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { creditsToUnits } from "@/lib/billing/money";
import { releaseIdleHolds, settleReservation } from "@/lib/billing/settlement/holds";
import { reserveCredits } from "@/lib/billing/settlement/reserve";
import { chargeBacklog, enqueueCharge, flushCharges, type ChargedLog } from "@/lib/billing/settlement/charge-writer";
import { renderMetrics, resetMetricsForTests } from "@/lib/observability/metrics";
import type { RequestLogRow } from "@/lib/observability/request-log";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { chargedLog } from "@/lib/testing/spend";
import { sleep } from "@/lib/testing/chat-harness";

const START = creditsToUnits(500);

beforeAll(() => {
  assertTestDatabase();
  resetMetricsForTests();
});
afterAll(() => closeDb());

async function account(userId: string) {
  const { rows } = await pool().query<{ balance: string; held: string; ledger: string; logs: number; charges: number }>(
    `SELECT u.balance::text, u.held::text,
       (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE user_id = u.id)::text AS ledger,
       (SELECT count(*)::int FROM request_logs WHERE user_id = u.id) AS logs,
       (SELECT count(*)::int FROM ledger_entries WHERE user_id = u.id AND kind = 'charge') AS charges
     FROM users u WHERE u.id = $1`, [userId]);
  const r = rows[0]!;
  return { balance: BigInt(r.balance), held: BigInt(r.held), ledger: BigInt(r.ledger), logs: r.logs, charges: r.charges };
}

/** A charged entry the way the gateway makes one: reserved from the hold, settled in memory. */
async function spent(userId: string, id: string, cost: bigint, extra: Partial<RequestLogRow> = {}): Promise<ChargedLog> {
  const { charged } = settleReservation(await reserveCredits(userId, cost), cost);
  const e = chargedLog(userId, id, charged);
  return { log: { ...e.log, ...extra }, charge: e.charge };
}

const metric = (outcome: string) =>
  Number(renderMetrics().split("\n").find((l) => l.startsWith(`switchyard_request_log_rows_refused_total{outcome="${outcome}"}`))?.split(" ").pop());

function nested(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe("charge writer", () => {
  it("isolates rows the database refuses, stores them without bodies, and writes and charges every other row in the same flush", async () => {
    const [a, b] = [await createTestUser(), await createTestUser()];
    const cost = creditsToUnits("0.01");
    const poison: Record<string, Partial<RequestLogRow>> = {
      nul: { requestBody: { messages: [{ role: "user", content: "a\u0000b" }] } },
      surrogate: { responseBody: { choices: [{ message: { content: "x\ud83d" } }] } },
      deep: { requestBody: { prediction: nested(5_000) } },
      nulModel: { requestedModel: "sim/gpt\u0000", errorMessage: "upstream said \ud83d" },
    };
    const ids: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      for (const u of [a, b]) enqueueCharge(await spent(u.userId, `req_ok_${i}_${u.userId}`, cost, { requestBody: { i } }));
      const kind = Object.keys(poison)[i / 10];
      if (i % 10 === 0 && kind) {
        ids[kind] = `req_${kind}_${a.userId}`;
        enqueueCharge(await spent(a.userId, ids[kind], cost, poison[kind]));
      }
    }
    await flushCharges(); // one flush: nothing may wait for a retry

    expect(chargeBacklog().rows).toBe(0);
    const [sa, sb] = [await account(a.userId), await account(b.userId)];
    expect(sa).toMatchObject({ logs: 44, charges: 44, balance: START - 44n * cost, ledger: START - 44n * cost });
    expect(sb).toMatchObject({ logs: 40, charges: 40, balance: START - 40n * cost, ledger: START - 40n * cost });
    const { rows } = await pool().query<{ id: string; request_body: unknown; response_body: unknown; body_truncated: boolean; requested_model: string }>(
      "SELECT id, request_body, response_body, body_truncated, requested_model FROM request_logs WHERE id = ANY($1::text[]) ORDER BY id",
      [Object.values(ids)]);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toMatchObject({ request_body: null, response_body: null, body_truncated: true });
    expect(rows.find((r) => r.id === ids.nulModel)!.requested_model).toBe("sim/gpt\ufffd");
    const { rows: ok } = await pool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM request_logs WHERE user_id = $1 AND request_body ? 'i' AND NOT body_truncated", [b.userId]);
    expect(ok[0]!.n).toBe(40);
    expect(metric("stored_without_bodies")).toBe(4);

    await releaseIdleHolds();
    expect((await account(a.userId)).held).toBe(0n);
  });

  it("gives up a row that can never be written: its charge is released from the hold, not left held; the rest is written", async () => {
    const u = await createTestUser();
    const cost = creditsToUnits(2);
    const before = metric("refused");
    // The key id names no key: the foreign key refuses the row with or without its bodies.
    enqueueCharge(await spent(u.userId, `req_gone_${u.userId}`, cost, { apiKeyId: "key_does_not_exist" }));
    enqueueCharge(await spent(u.userId, `req_fine_${u.userId}`, cost));
    await flushCharges();
    await releaseIdleHolds();
    // Charged once (the written row), nothing held: the refused row's charge went back.
    expect(await account(u.userId)).toMatchObject({ logs: 1, charges: 1, balance: START - cost, ledger: START - cost, held: 0n });
    expect(metric("refused")).toBe(before + 1);
    expect(chargeBacklog().rows).toBe(0);
  });

  it("retries a batch whose connection was lost (SQLSTATE 57P01) instead of giving it up, and charges it once", async () => {
    const u = await createTestUser();
    const cost = creditsToUnits(1);
    const locker = await pool().connect();
    try {
      // Hold the writer's INSERT in a lock wait, then end its connection as an admin would.
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE request_logs IN EXCLUSIVE MODE");
      for (let i = 0; i < 3; i++) enqueueCharge(await spent(u.userId, `req_retry_${i}_${u.userId}`, cost));
      const flushed = flushCharges();
      let pid: number | undefined;
      for (let i = 0; i < 200 && pid === undefined; i++) {
        await sleep(10);
        const { rows } = await locker.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO request_logs%'");
        pid = rows[0]?.pid;
      }
      expect(pid).toBeDefined();
      await locker.query("SELECT pg_terminate_backend($1)", [pid]);
      await flushed;
      expect(chargeBacklog().rows).toBe(3); // back in the queue, not dropped
      await locker.query("COMMIT");
    } finally {
      locker.release();
    }
    for (let i = 0; i < 100 && chargeBacklog().rows > 0; i++) await sleep(50); // the 1 s retry timer
    expect(chargeBacklog().rows).toBe(0);
    expect(await account(u.userId)).toMatchObject({ logs: 3, charges: 3, balance: START - 3n * cost, ledger: START - 3n * cost });
  });
});
