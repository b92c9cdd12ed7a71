// Row parsers: where a database row becomes typed values. Hand-written checks, not zod: they
// run on the request path (holds, charges, key lookup), one typeof per column. A column of the
// wrong type — a schema drift, a missing cast — throws an error naming the query and the
// column instead of turning into NaN or "undefined" further on.
//
// What node-postgres returns: int2/int4 → number; int8 (BIGINT, sums of int) and numeric →
// string (hence bigint() and safeInt()); timestamp/timestamptz → Date; bool → boolean;
// json/jsonb → parsed JSON; text[] → string[]. Prisma raw queries (sqlFromPrisma) return
// BIGINT as bigint, which bigint() accepts too.

export type Row = Readonly<Record<string, unknown>>;

/** A column whose value is not of the expected type; parseRows adds the query's name. */
export class ColumnTypeError extends Error {
  constructor(readonly column: string, readonly expected: string, readonly got: string) {
    super(`column "${column}": expected ${expected}, got ${got}`);
    this.name = "ColumnTypeError";
  }
}

/** A row that does not parse: the query's name, the column, what was expected. */
export class RowParseError extends Error {
  constructor(readonly query: string, readonly column: string | null, message: string, options?: ErrorOptions) {
    super(`SQL "${query}": ${message}`, options);
    this.name = "RowParseError";
  }
}

const INTEGER_TEXT = /^-?\d+$/;

/** The value's type only: values may be secret (ciphertexts, bodies) and never go into errors. */
function typeOf(v: unknown): string {
  if (v === undefined) return "no such column";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "an invalid Date" : "a Date";
  if (typeof v === "string") return INTEGER_TEXT.test(v) ? "integer text (a BIGINT? cast it or read it with bigint/safeInt)" : "a string";
  return `a ${typeof v}`;
}

function bad(col: string, expected: string, v: unknown): ColumnTypeError {
  return new ColumnTypeError(col, expected, typeOf(v));
}

export function str(row: Row, col: string): string {
  const v = row[col];
  if (typeof v !== "string") throw bad(col, "a string", v);
  return v;
}

export function strOrNull(row: Row, col: string): string | null {
  const v = row[col];
  if (v === null) return null;
  if (typeof v !== "string") throw bad(col, "a string or null", v);
  return v;
}

/** int2/int4 (or a `::int` cast). A BIGINT arrives as a string and is refused: use safeInt or bigint. */
export function int(row: Row, col: string): number {
  const v = row[col];
  if (typeof v !== "number" || !Number.isInteger(v)) throw bad(col, "an integer", v);
  return v;
}

export function intOrNull(row: Row, col: string): number | null {
  const v = row[col];
  if (v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v)) throw bad(col, "an integer or null", v);
  return v;
}

/** A count or token sum that may be BIGINT (pg's string): a number, refused past 2^53. */
export function safeInt(row: Row, col: string): number {
  const v = row[col];
  const n = typeof v === "number" ? v : typeof v === "string" && INTEGER_TEXT.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw bad(col, "an integer (int or BIGINT text) below 2^53", v);
  return n;
}

/** float8 / real (averages, ratios): a finite number. Never money (use bigint). */
export function num(row: Row, col: string): number {
  const v = row[col];
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(col, "a finite number", v);
  return v;
}

export function numOrNull(row: Row, col: string): number | null {
  const v = row[col];
  if (v === null) return null;
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(col, "a finite number or null", v);
  return v;
}

/** BIGINT money and amounts: pg's decimal string (or Prisma's bigint) → bigint, exactly. */
export function bigint(row: Row, col: string): bigint {
  const v = row[col];
  if (typeof v === "string" && INTEGER_TEXT.test(v)) return BigInt(v);
  if (typeof v === "bigint") return v;
  throw bad(col, "a BIGINT (integer text)", v);
}

export function bigintOrNull(row: Row, col: string): bigint | null {
  const v = row[col];
  if (v === null) return null;
  if (typeof v === "string" && INTEGER_TEXT.test(v)) return BigInt(v);
  if (typeof v === "bigint") return v;
  throw bad(col, "a BIGINT (integer text) or null", v);
}

/** A BIGINT kept as its exact decimal text (money shown or sent as a string, never a float). */
export function bigintText(row: Row, col: string): string {
  const v = row[col];
  if (typeof v === "string" && INTEGER_TEXT.test(v)) return v;
  if (typeof v === "bigint") return v.toString();
  throw bad(col, "a BIGINT (integer text)", v);
}

export function date(row: Row, col: string): Date {
  const v = row[col];
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw bad(col, "a timestamp", v);
  return v;
}

export function dateOrNull(row: Row, col: string): Date | null {
  const v = row[col];
  if (v === null) return null;
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw bad(col, "a timestamp or null", v);
  return v;
}

export function bool(row: Row, col: string): boolean {
  const v = row[col];
  if (typeof v !== "boolean") throw bad(col, "a boolean", v);
  return v;
}

export function strArray(row: Row, col: string): string[] {
  const v = row[col];
  if (!Array.isArray(v)) throw bad(col, "an array of strings", v);
  for (const x of v) if (typeof x !== "string") throw bad(col, "an array of strings", v);
  return v as string[];
}

/** A json/jsonb column: whatever JSON it holds (null included); only its presence is checked. */
export function json(row: Row, col: string): unknown {
  const v = row[col];
  if (v === undefined) throw bad(col, "a json value", v);
  return v;
}

function rowError(err: unknown, query: string): Error {
  if (err instanceof ColumnTypeError) return new RowParseError(query, err.column, err.message, { cause: err });
  return new RowParseError(query, null, err instanceof Error ? err.message : String(err), { cause: err });
}

/** One row through `parse`; a type error names `query`. */
export function parseRow<R>(row: Row, parse: (row: Row) => R, query: string): R {
  try {
    return parse(row);
  } catch (err) {
    throw rowError(err, query);
  }
}

/** Every row through `parse` (a plain loop: no closure per row); a type error names `query`. */
export function parseRows<R>(rows: readonly Row[], parse: (row: Row) => R, query: string): R[] {
  const out = new Array<R>(rows.length);
  try {
    for (let i = 0; i < rows.length; i++) out[i] = parse(rows[i]!);
  } catch (err) {
    throw rowError(err, query);
  }
  return out;
}
