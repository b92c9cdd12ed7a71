// A restarted server gives its previous incarnation's credit holds back at start-up, and
// nobody else's (releasePredecessorHolds, holds.ts and holds-sql.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { pool } from "@/lib/sql/pool";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { creditsToUnits } from "@/lib/billing/money";
import { holderId, releaseIdleHolds, releasePredecessorHolds, reserveFromHold, settleReservation } from "@/lib/billing/settlement/holds";
import { acquireHold, releaseOtherIncarnations } from "@/lib/sql/credit-holds";

beforeAll(() => assertTestDatabase());
afterAll(() => closeDb());

async function holds(userId: string): Promise<Record<string, bigint>> {
  const { rows } = await pool().query<{ holder: string; amount: string }>(
    "SELECT holder, amount::text FROM credit_holds WHERE user_id = $1", [userId]);
  return Object.fromEntries(rows.map((r) => [r.holder, BigInt(r.amount)]));
}

async function held(userId: string): Promise<bigint> {
  const { rows } = await pool().query<{ held: string }>("SELECT held::text FROM users WHERE id = $1", [userId]);
  return BigInt(rows[0]!.held);
}

describe("releasing a previous incarnation's holds", () => {
  it("takes only the holds of the same instance's other incarnations, whatever their expiry", async () => {
    const { userId } = await createTestUser();
    const one = creditsToUnits(10);
    const holders = [
      "gw-a~101-0a0b0c0d", // a dead incarnation of gw-a
      "gw-a~102-1a1b1c1d", // another dead one
      "gw-a~103-2a2b2c2d", // the caller
      "gw-ab~104-3a3b3c3d", // instance gw-ab shares the prefix
      "gw-a~x~105-4a4b4c4d", // not an incarnation of gw-a
      "otherhost:106:5a5b5c5d", // the old holder format: left to expire
    ];
    for (const h of holders) expect(await acquireHold(userId, h, one, one)).toEqual({ status: "granted", amount: one });
    expect(await releaseOtherIncarnations("gw-a", "gw-a~103-2a2b2c2d")).toEqual({ holds: 2, accounts: 1 });
    expect(Object.keys(await holds(userId)).sort()).toEqual(holders.slice(2).sort());
    expect(await held(userId)).toBe(one * 4n);
  });

  it("at start-up gives back this instance's dead incarnation's holds and expired ones, and keeps its own", async () => {
    const { userId } = await createTestUser();
    const me = holderId();
    const instance = me.slice(0, me.lastIndexOf("~"));
    await acquireHold(userId, `${instance}~1-deadbeef`, creditsToUnits(40), creditsToUnits(40));
    await acquireHold(userId, "elsewhere~2-feedf00d", creditsToUnits(5), creditsToUnits(5));
    await acquireHold(userId, "alive-elsewhere~3-0badc0de", creditsToUnits(7), creditsToUnits(7));
    await pool().query("UPDATE credit_holds SET expires_at = now() - interval '1 second' WHERE holder = 'elsewhere~2-feedf00d'");
    const reservation = await reserveFromHold(userId, creditsToUnits(1)); // this incarnation's own hold
    const mine = (await holds(userId))[me]!;
    expect(mine).toBeGreaterThan(0n);

    const r = await releasePredecessorHolds();
    expect(r.holds).toBeGreaterThanOrEqual(1);
    expect(r.expiredAccounts).toBeGreaterThanOrEqual(1);
    expect(await holds(userId)).toEqual({ [me]: mine, "alive-elsewhere~3-0badc0de": creditsToUnits(7) });
    expect(await held(userId)).toBe(mine + creditsToUnits(7));
    settleReservation(reservation, 0n);
    await releaseIdleHolds();
    expect(await held(userId)).toBe(creditsToUnits(7));
  });
});
