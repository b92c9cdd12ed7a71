// lib/sql against Postgres: what node-postgres really returns meets the parsers, through the
// pool, a pooled transaction and a Prisma transaction alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db";
import { assertTestDatabase } from "@/lib/testing/db-guard";
import { createTestUser } from "@/lib/testing/fixtures";
import { creditsToUnits } from "@/lib/billing/money";
import { inTransaction, sqlFromPrisma } from "@/lib/sql/executor";
import { definedQuery, dynamicQuery } from "@/lib/sql/query";
import { bigint, int, safeInt, str } from "@/lib/sql/rows";
import { accountBalanceRow } from "@/lib/sql/users";
import { accountExists, insertLedgerEntry } from "@/lib/sql/ledger";

// Warnings this file's process emits (each test file runs in a process of its own): pg warns,
// once per process, when a query is sent on a connection still busy with another — what
// pg@9 will refuse.
const warnings: string[] = [];

describe("lib/sql on Postgres", () => {
  beforeAll(() => {
    assertTestDatabase();
    process.on("warning", (w) => warnings.push(`${w.name}: ${w.message}`));
  });
  afterAll(() => closeDb());

  it("a BIGINT read as a number is refused naming the statement and the column (it arrives as text)", async () => {
    // count(*) is BIGINT: pg sends "2", which a hand-written `query<{ n: number }>` passed on as a string.
    const counted = definedQuery<[], number>({ name: "t_int_count_uncast", text: "SELECT count(*) AS n FROM (VALUES (1), (2)) v", parse: (r) => int(r, "n") });
    await expect(counted.first([])).rejects.toThrow('SQL "t_int_count_uncast": column "n": expected an integer, got integer text');
    const exact = definedQuery<[], number>({ name: "t_int_count_safe", text: "SELECT count(*) AS n FROM (VALUES (1), (2)) v", parse: (r) => safeInt(r, "n") });
    expect(await exact.first([])).toBe(2);
    await expect(dynamicQuery("t_dynamic_label", "SELECT 1.5::numeric AS amount", [], (r) => bigint(r, "amount")))
      .rejects.toThrow('SQL "t_dynamic_label": column "amount": expected a BIGINT');
  });

  it("every pool connection runs with JIT off, Prisma's included (SESSION_SETUP)", async () => {
    const jit = definedQuery<[], string>({ name: "t_int_jit", text: "SELECT current_setting('jit') AS v", parse: (r) => str(r, "v") });
    // Several at once: each on a connection of its own, new ones among them.
    const seen = await Promise.all(Array.from({ length: 4 }, () => jit.first([])));
    expect(seen).toEqual(["off", "off", "off", "off"]);
    const viaPrisma = await db().$queryRawUnsafe<Array<{ v: string }>>("SELECT current_setting('jit') AS v");
    expect(viaPrisma[0]?.v).toBe("off");
    // The setup ran before each connection's first statement, not beside it.
    expect(warnings.filter((w) => w.includes("already executing a query"))).toEqual([]);
  });

  it("money beyond 2^53 comes back exact", async () => {
    const big = definedQuery<[v: bigint], bigint>({ name: "t_int_bigint", text: "SELECT $1::bigint AS v", parse: (r) => bigint(r, "v") });
    expect(await big.first([9_007_199_254_740_993n])).toBe(9_007_199_254_740_993n);
  });

  it("a statement runs the same on the pool, in a pooled transaction, and in a Prisma transaction", async () => {
    const { userId } = await createTestUser();
    const before = (await accountBalanceRow(userId))!;
    expect(before.held).toBe(0n);
    // Prisma returns BIGINT as bigint, pg as text: the same parser reads both.
    const viaPrisma = await db().$transaction((tx) => insertLedgerEntry({
      id: `le_t_${userId}_p`, userId, kind: "adjustment", amount: 5n, sourceId: `t:${userId}:prisma`,
      description: null, metadata: null, floor: null,
    }, sqlFromPrisma(tx)));
    expect(viaPrisma).toBe(before.balance + 5n);
    // A pooled transaction that throws rolls its statements back.
    await expect(inTransaction(async (sql) => {
      await insertLedgerEntry({
        id: `le_t_${userId}_r`, userId, kind: "adjustment", amount: creditsToUnits(1), sourceId: `t:${userId}:rolled-back`,
        description: null, metadata: null, floor: null,
      }, sql);
      throw new Error("stop");
    })).rejects.toThrow("stop");
    expect((await accountBalanceRow(userId))!.balance).toBe(before.balance + 5n);
    expect(await accountExists(userId)).toBe(true);
    expect(await accountExists("no-such-account")).toBe(false);
    expect(await accountBalanceRow("no-such-account")).toBeNull();
  });

  it("a named statement can run on every pooled connection at once (prepared once per connection)", async () => {
    const echo = definedQuery<[v: string], string>({ name: "t_int_echo", text: "SELECT $1::text AS v, pg_sleep(0.02)::text AS z", parse: (r) => str(r, "v") });
    const out = await Promise.all(Array.from({ length: 30 }, (_, i) => echo.first([`v${i}`])));
    expect(out).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
  });
});
