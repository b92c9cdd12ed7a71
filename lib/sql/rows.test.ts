// The row parsers: good values pass through typed; a value of the wrong type (a schema drift,
// a missing cast) throws an error naming the statement and the column, never NaN.
import { describe, expect, it } from "vitest";
import {
  ColumnTypeError, RowParseError, bigint, bigintOrNull, bigintText, bool, date, dateOrNull, int, intOrNull, json, num,
  numOrNull, parseRow, parseRows, safeInt, str, strArray, strOrNull, type Row,
} from "@/lib/sql/rows";
import { definedCommand, definedQuery } from "@/lib/sql/query";
import type { Sql } from "@/lib/sql/executor";

const at = new Date("2026-01-02T03:04:05.678Z");

describe("row parsers", () => {
  it("return the column's value when it has the expected type", () => {
    const row: Row = {
      s: "x", n: null, i: 42, big: "9007199254740993", neg: "-12", pb: 7n, d: at, b: false, arr: ["a", "b"], j: { k: 1 }, f: 0.25,
    };
    expect(str(row, "s")).toBe("x");
    expect(strOrNull(row, "n")).toBeNull();
    expect(strOrNull(row, "s")).toBe("x");
    expect(int(row, "i")).toBe(42);
    expect(intOrNull(row, "n")).toBeNull();
    expect(safeInt(row, "i")).toBe(42);
    expect(safeInt(row, "neg")).toBe(-12);
    // BIGINT beyond 2^53 stays exact: pg's string → bigint, never through a double.
    expect(bigint(row, "big")).toBe(9_007_199_254_740_993n);
    expect(bigint(row, "pb")).toBe(7n); // Prisma raw queries return bigint
    expect(bigintOrNull(row, "n")).toBeNull();
    expect(bigintText(row, "big")).toBe("9007199254740993");
    expect(bigintText(row, "pb")).toBe("7");
    expect(date(row, "d")).toBe(at);
    expect(dateOrNull(row, "n")).toBeNull();
    expect(bool(row, "b")).toBe(false);
    expect(strArray(row, "arr")).toEqual(["a", "b"]);
    expect(json(row, "j")).toEqual({ k: 1 });
    expect(json(row, "n")).toBeNull();
    expect(num(row, "f")).toBe(0.25);
    expect(numOrNull(row, "n")).toBeNull();
  });

  it.each([
    ["str", () => str({ c: 1 }, "c"), "expected a string, got a number"],
    ["strOrNull", () => strOrNull({ c: 1 }, "c"), "expected a string or null, got a number"],
    // A BIGINT without ::int arrives as text: refused, not silently a string where a number belongs.
    ["int (BIGINT text)", () => int({ c: "12" }, "c"), "expected an integer, got integer text"],
    ["int (fraction)", () => int({ c: 1.5 }, "c"), "expected an integer, got a number"],
    ["intOrNull", () => intOrNull({ c: "x" }, "c"), "expected an integer or null, got a string"],
    ["safeInt (past 2^53)", () => safeInt({ c: "9007199254740993" }, "c"), "below 2^53"],
    ["safeInt (not a number)", () => safeInt({ c: "12a" }, "c"), "expected an integer"],
    ["bigint (number)", () => bigint({ c: 12 }, "c"), "expected a BIGINT (integer text), got a number"],
    ["bigint (numeric text)", () => bigint({ c: "12.5" }, "c"), "got a string"],
    ["bigint (empty)", () => bigint({ c: "" }, "c"), "got a string"], // BigInt("") would be 0n
    ["bigint (null)", () => bigint({ c: null }, "c"), "got null"],
    ["bigintOrNull", () => bigintOrNull({ c: 1.5 }, "c"), "or null, got a number"],
    ["bigintText", () => bigintText({ c: "1e3" }, "c"), "expected a BIGINT"],
    ["date (string)", () => date({ c: "2026-01-01" }, "c"), "expected a timestamp, got a string"],
    ["date (invalid)", () => date({ c: new Date("nope") }, "c"), "got an invalid Date"],
    ["dateOrNull", () => dateOrNull({ c: 0 }, "c"), "expected a timestamp or null"],
    ["bool", () => bool({ c: "t" }, "c"), "expected a boolean, got a string"],
    ["strArray (not an array)", () => strArray({ c: "{a}" }, "c"), "expected an array of strings"],
    ["strArray (element)", () => strArray({ c: ["a", 1] }, "c"), "expected an array of strings, got an array"],
    ["num (NaN)", () => num({ c: NaN }, "c"), "expected a finite number"],
    ["numOrNull (text)", () => numOrNull({ c: "1.5" }, "c"), "expected a finite number or null"],
  ])("%s: a wrong type throws naming the column", (_name, parse, message) => {
    expect(parse).toThrow(ColumnTypeError);
    expect(parse).toThrow(`column "c": `);
    expect(parse).toThrow(message);
  });

  it("a missing column throws (undefined is not null: the query lost a column)", () => {
    expect(() => strOrNull({}, "gone")).toThrow('column "gone": expected a string or null, got no such column');
    expect(() => json({}, "gone")).toThrow('column "gone": expected a json value, got no such column');
    expect(() => intOrNull({ other: 1 }, "gone")).toThrow("got no such column");
  });

  it("errors never carry the value (it may be a secret or a body)", () => {
    const secret = "sk-live-0123456789abcdefghijklmnop";
    expect(() => int({ c: secret }, "c")).toThrow(ColumnTypeError);
    try {
      int({ c: secret }, "c");
    } catch (err) {
      expect(String(err)).not.toContain(secret);
    }
  });
});

describe("parseRows / parseRow", () => {
  const parse = (r: Row) => ({ id: str(r, "id"), amount: bigint(r, "amount") });

  it("parse every row with one plain function", () => {
    expect(parseRows([{ id: "a", amount: "1" }, { id: "b", amount: "2" }], parse, "q")).toEqual([
      { id: "a", amount: 1n }, { id: "b", amount: 2n },
    ]);
    expect(parseRows([], parse, "q")).toEqual([]);
  });

  it("a bad row throws a RowParseError naming the statement and the column", () => {
    const rows = [{ id: "a", amount: "1" }, { id: "b", amount: 2 }];
    expect(() => parseRows(rows, parse, "ledger_apply")).toThrow(RowParseError);
    expect(() => parseRows(rows, parse, "ledger_apply"))
      .toThrow('SQL "ledger_apply": column "amount": expected a BIGINT (integer text), got a number');
    try {
      parseRow({ id: 7, amount: "1" }, parse, "credit_hold_acquire");
    } catch (err) {
      expect(err).toBeInstanceOf(RowParseError);
      expect((err as RowParseError).query).toBe("credit_hold_acquire");
      expect((err as RowParseError).column).toBe("id");
    }
    expect.assertions(5);
  });
});

describe("definedQuery / definedCommand", () => {
  /** An executor that answers with fixed rows (the statements against Postgres: the int tests). */
  const answering = (rows: Row[], rowCount: number | null = rows.length): Sql & { calls: unknown[][] } => {
    const calls: unknown[][] = [];
    const sql: Sql = async (text, values, name) => {
      calls.push([text, values, name]);
      return { rows, rowCount };
    };
    return Object.assign(sql, { calls });
  };

  it("run the named statement with its values and parse the rows", async () => {
    const q = definedQuery<[userId: string], bigint>({ name: "t_balance", text: "SELECT balance::text FROM users WHERE id = $1", parse: (r) => bigint(r, "balance") });
    const sql = answering([{ balance: "500" }, { balance: "7" }]);
    expect(await q.all(["u1"], sql)).toEqual([500n, 7n]);
    expect(await q.first(["u1"], sql)).toBe(500n);
    expect(await q.first(["u1"], answering([]))).toBeNull();
    expect(sql.calls[0]).toEqual(["SELECT balance::text FROM users WHERE id = $1", ["u1"], "t_balance"]);
  });

  it("a row of the wrong shape rejects with the statement's name and the column", async () => {
    const q = definedQuery<[], number>({ name: "t_count", text: "SELECT count(*) AS n FROM t", parse: (r) => int(r, "n") });
    await expect(q.first([], answering([{ n: "3" }]))).rejects.toThrow('SQL "t_count": column "n": expected an integer, got integer text');
  });

  it("commands resolve to the affected row count", async () => {
    const c = definedCommand<[id: string]>({ name: "t_touch", text: "UPDATE t SET x = 1 WHERE id = $1" });
    expect(await c.run(["a"], answering([], 3))).toBe(3);
    expect(await c.run(["a"], answering([], null))).toBe(0);
  });

  it("a name reused for another statement is refused when it is defined", () => {
    definedCommand({ name: "t_once", text: "SELECT 1" });
    expect(() => definedCommand({ name: "t_once", text: "SELECT 1" })).not.toThrow(); // the same statement (module reloaded)
    expect(() => definedQuery({ name: "t_once", text: "SELECT 2", parse: () => 0 })).toThrow('"t_once" is defined twice');
  });
});
