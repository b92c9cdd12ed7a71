// The request-log retention job (issue #23 point 9) on a real Postgres: logs older than the
// window go, in batches; newer ones stay; the ledger, balances and rollups (charts, usage) do
// not move; 0 keeps everything; and only one runner in the deployment deletes at a time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { renderMetrics } from "@/lib/observability/metrics";
import { pool } from "@/lib/sql/pool";
import { LOG_RETENTION_LOCK } from "@/lib/sql/request-log-retention";
import { sleep } from "@/lib/testing/chat-harness";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { spendAt } from "@/lib/testing/spend-at";
import { runLogRetention, startLogRetention, stopLogRetention } from "./log-retention";

beforeAll(() => assertTestDatabase());
afterAll(async () => {
  await stopLogRetention();
  await closeDb();
});

/** Everything retention must leave alone, for one account. */
async function accounting(userId: string) {
  const { rows } = await pool().query(`SELECT u.balance::text,
      (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE user_id = u.id)::text AS ledger,
      (SELECT count(*)::int FROM ledger_entries WHERE user_id = u.id AND kind = 'charge') AS charges,
      (SELECT json_build_array(sum(requests), sum(cost_units)::text) FROM usage_rollups WHERE user_id = u.id) AS hourly,
      (SELECT json_build_array(sum(requests), sum(cost_units)::text) FROM usage_rollups_daily WHERE user_id = u.id) AS daily,
      (SELECT sum(count)::int FROM latency_rollups WHERE user_id = u.id) AS latency_hourly,
      (SELECT sum(count)::int FROM latency_rollups_daily WHERE user_id = u.id) AS latency_daily
    FROM users u WHERE u.id = $1`, [userId]);
  return rows[0] as Record<string, unknown>;
}

async function logIds(userId: string): Promise<Set<string>> {
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM request_logs WHERE user_id = $1", [userId]);
  return new Set(rows.map((r) => r.id));
}

const metric = (line: string) => Number(renderMetrics().split("\n").find((l) => l.startsWith(line + " "))?.split(" ").pop() ?? NaN);

describe("request-log retention", () => {
  it("deletes logs older than the window in batches and keeps newer ones; ledger, balance and rollups stay as they were", async () => {
    const { userId } = await createTestUser();
    const old = await spendAt(userId, 23, 120);
    const edge = await spendAt(userId, 3, 85); // inside a 90-day window
    const recent = await spendAt(userId, 4, 0);
    const before = await accounting(userId);
    expect(before.charges).toBe(30);
    const deletedBefore = metric("switchyard_request_log_retention_deleted_total");

    const run = await runLogRetention({ days: 90, batchSize: 5, pauseMs: 0 });

    expect(run.outcome).toBe("done");
    if (run.outcome !== "done") return;
    // Other tests' rows this old (if any) go too: count this account's rows exactly.
    expect(run.deleted).toBeGreaterThanOrEqual(23);
    expect(run.batches).toBe(Math.ceil(run.deleted / 5)); // 5 rows per statement, never one big DELETE
    expect(await logIds(userId)).toEqual(new Set([...edge, ...recent]));
    expect(old.some((id) => edge.includes(id))).toBe(false);
    const after = await accounting(userId);
    expect(after).toEqual(before);
    expect(BigInt(after.balance as string)).toBe(BigInt(after.ledger as string)); // balance = Σ ledger
    expect(metric("switchyard_request_log_retention_deleted_total") - deletedBefore).toBe(run.deleted);

    // Nothing left past the window: the next run deletes nothing.
    expect(await runLogRetention({ days: 90, batchSize: 5, pauseMs: 0 })).toMatchObject({ outcome: "done", deleted: 0, batches: 0 });
  });

  it("keeps every log forever with a window of 0 (LOG_RETENTION_DAYS=0)", async () => {
    const { userId } = await createTestUser();
    const ids = await spendAt(userId, 3, 4_000);
    const saved = process.env.LOG_RETENTION_DAYS;
    process.env.LOG_RETENTION_DAYS = "0";
    resetEnvForTests();
    try {
      expect(await runLogRetention()).toEqual({ outcome: "disabled" });
      startLogRetention({ firstRunMs: 0, intervalMs: 10 }); // a no-op at 0
      await sleep(100);
      await stopLogRetention();
    } finally {
      if (saved === undefined) delete process.env.LOG_RETENTION_DAYS;
      else process.env.LOG_RETENTION_DAYS = saved;
      resetEnvForTests();
    }
    expect(await logIds(userId)).toEqual(new Set(ids));
  });

  it("lets one runner delete at a time across processes (advisory lock): the other skips the round", async () => {
    const { userId } = await createTestUser();
    await spendAt(userId, 12, 200);

    // Another instance holding the lock (its own session): this one deletes nothing.
    const other = await pool().connect();
    try {
      await other.query("SELECT pg_advisory_lock($1)", [LOG_RETENTION_LOCK]);
      const lockedBefore = metric('switchyard_request_log_retention_runs_total{outcome="locked"}');
      expect(await runLogRetention({ days: 90, batchSize: 5, pauseMs: 0 })).toEqual({ outcome: "locked" });
      expect((await logIds(userId)).size).toBe(12);
      expect(metric('switchyard_request_log_retention_runs_total{outcome="locked"}')).toBe(lockedBefore + 1);
    } finally {
      await other.query("SELECT pg_advisory_unlock($1)", [LOG_RETENTION_LOCK]);
      other.release();
    }

    // Two runners at once: one takes the lock and deletes everything, the other is told it is taken.
    const runs = await Promise.all([
      runLogRetention({ days: 90, batchSize: 5, pauseMs: 30 }), runLogRetention({ days: 90, batchSize: 5, pauseMs: 30 }),
    ]);
    expect(runs.map((r) => r.outcome).sort()).toEqual(["done", "locked"]);
    const done = runs.find((r) => r.outcome === "done");
    expect(done && "deleted" in done ? done.deleted : 0).toBeGreaterThanOrEqual(12);
    expect((await logIds(userId)).size).toBe(0);
    // The lock was given back: a later run takes it.
    expect((await runLogRetention({ days: 90, pauseMs: 0 })).outcome).toBe("done");
  });

  it("runs on its own once started, every interval, and stops cleanly", async () => {
    const { userId } = await createTestUser();
    await spendAt(userId, 6, 365); // past the default 90-day window
    startLogRetention({ firstRunMs: 0, intervalMs: 20 });
    const deadline = Date.now() + 10_000;
    while ((await logIds(userId)).size > 0 && Date.now() < deadline) await sleep(20);
    await stopLogRetention();
    expect((await logIds(userId)).size).toBe(0);
    const late = await spendAt(userId, 2, 365);
    await sleep(100); // stopped: nothing runs any more
    expect(await logIds(userId)).toEqual(new Set(late));
  });
});
