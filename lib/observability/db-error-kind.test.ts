import { describe, expect, it } from "vitest";
import { dbErrorKind, isRetryableDbError } from "@/lib/observability/db-error-kind";

/** Shaped like node-postgres' DatabaseError (message + SQLSTATE code). */
const pgError = (code: string, message = "server error") => Object.assign(new Error(message), { code });
const sysError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe("dbErrorKind", () => {
  it.each([
    ["08006 connection failure", pgError("08006")],
    ["08001 cannot connect", pgError("08001")],
    ["53300 too many connections", pgError("53300")],
    ["53100 disk full", pgError("53100")],
    ["57P01 admin shutdown", pgError("57P01", "terminating connection due to administrator command")],
    ["57P02 crash shutdown", pgError("57P02")],
    ["57P03 cannot connect now", pgError("57P03", "the database system is starting up")],
    // A cancelled statement (statement timeout, pg_cancel_backend) says nothing about its rows.
    ["57014 statement timeout", pgError("57014", "canceling statement due to statement timeout")],
    ["40001 serialization failure", pgError("40001")],
    ["40P01 deadlock", pgError("40P01")],
    ["ECONNREFUSED", sysError("ECONNREFUSED")],
    ["ECONNRESET", sysError("ECONNRESET")],
    ["EPIPE", sysError("EPIPE")],
    ["ETIMEDOUT", sysError("ETIMEDOUT")],
    ["pg: Connection terminated unexpectedly", new Error("Connection terminated unexpectedly")],
    ["pg: connection timeout", new Error("Connection terminated due to connection timeout")],
    ["pg-pool: connect timeout", new Error("timeout exceeded when trying to connect")],
    ["AggregateError of refused connects", Object.assign(new AggregateError([sysError("ECONNREFUSED"), sysError("ECONNREFUSED")], ""), {})],
  ])("transient: %s", (_name, err) => {
    expect(dbErrorKind(err)).toBe("transient");
    expect(isRetryableDbError(err)).toBe(true);
  });

  // Never caused by the rows: the data travels as one jsonb parameter of a fixed statement.
  it.each([
    ["25006 read-only (a replica after failover)", pgError("25006", "cannot execute INSERT in a read-only transaction")],
    ["42P01 undefined table", pgError("42P01")],
    ["42703 undefined column", pgError("42703")],
    ["42501 permission denied", pgError("42501")],
    ["28P01 password authentication failed", pgError("28P01")],
    ["3D000 database does not exist", pgError("3D000")],
    ["55P03 lock not available", pgError("55P03")],
    ["58030 I/O error", pgError("58030")],
  ])("systemic (retried, never split): %s", (_name, err) => {
    expect(dbErrorKind(err)).toBe("systemic");
    expect(isRetryableDbError(err)).toBe(true);
  });

  it.each([
    ["22P02 invalid json (NUL, lone surrogate)", pgError("22P02", "invalid input syntax for type json")],
    ["22P05 untranslatable character", pgError("22P05", "unsupported Unicode escape sequence")],
    ["54001 stack depth (deep nesting)", pgError("54001", "stack depth limit exceeded")],
    ["54000 program limit", pgError("54000", "total size of jsonb array elements exceeds the maximum")],
    ["23503 foreign key (account gone)", pgError("23503")],
    ["23505 unique violation", pgError("23505")],
    // A data error whose message quotes the data is still judged by its SQLSTATE.
    ["22P02 quoting 'connection terminated'", pgError("22P02", 'invalid input syntax for type integer: "Connection terminated"')],
    ["RangeError from stringify", new RangeError("Maximum call stack size exceeded")],
    ["RangeError: string too long", new RangeError("Invalid string length")],
    ["TypeError", new TypeError("Do not know how to serialize a BigInt")],
    ["a string", "boom"],
    ["null", null],
    ["AggregateError with a data error inside", new AggregateError([sysError("ECONNREFUSED"), pgError("22P02")], "")],
    ["XX000 internal error", pgError("XX000")],
  ])("about the data (split, not retried): %s", (_name, err) => {
    expect(dbErrorKind(err)).toBe("data");
    expect(isRetryableDbError(err)).toBe(false);
  });
});
