// Lock order on credit holds: every statement that changes both a hold row and its account
// row locks the hold row first (the charge statement, charge-sql.ts, does; so must the
// statement that grows a hold), else a grow and a charge batch of one process deadlock — the
// soak run (docs/soak.md) hit it: Postgres aborted the grow and the request got a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { creditsToUnits } from "@/lib/billing/money";
import { acquireHold } from "@/lib/sql/credit-holds";

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

describe("credit hold lock order", () => {
  it("a grow waiting on a charge in progress neither deadlocks nor fails", async () => {
    const { userId } = await createTestUser();
    const holder = "lock-order~1-00c0ffee";
    await acquireHold(userId, holder, creditsToUnits(10), creditsToUnits(1));
    // A charge in progress, as the charge statement takes its locks: the hold row, then
    // (after the grow below has started) the account row.
    const charge = await pool().connect();
    try {
      await charge.query("BEGIN");
      await charge.query("SELECT amount FROM credit_holds WHERE user_id = $1 AND holder = $2 FOR UPDATE", [userId, holder]);
      const grow = acquireHold(userId, holder, creditsToUnits(20), creditsToUnits(1)).catch((err: unknown) => err);
      await sleep(300); // the grow is now waiting for a lock
      await charge.query("UPDATE users SET balance = balance - $2, held = held - $2 WHERE id = $1", [userId, creditsToUnits(1)]);
      await charge.query("UPDATE credit_holds SET amount = amount - $3 WHERE user_id = $1 AND holder = $2", [userId, holder, creditsToUnits(1)]);
      await charge.query("COMMIT");
      expect(await grow).toEqual({ status: "granted", amount: creditsToUnits(20) });
    } finally {
      charge.release();
    }
    const { rows } = await pool().query<{ held: string; holds: string }>(
      `SELECT held::text, (SELECT sum(amount) FROM credit_holds WHERE user_id = $1)::text AS holds FROM users WHERE id = $1`, [userId]);
    expect(rows[0]).toEqual({ held: creditsToUnits(29).toString(), holds: creditsToUnits(29).toString() });
  });
});
