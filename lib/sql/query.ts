// Typed statements. Every raw statement is defined once, at module load, with its name (pg
// prepares a named statement once per connection), its parameter types, and the parser of
// its rows (rows.ts): callers get typed values, and a row of the wrong shape fails loudly,
// naming the statement and the column.
//
// Cost per call, on the hot path: the config object pg needs, one parse call per row (a plain
// function, no closure per row), the output array. Nothing else.
import { pool } from "@/lib/sql/pool";
import type { Sql, SqlResult } from "@/lib/sql/executor";
import { parseRow, parseRows, type Row } from "@/lib/sql/rows";

export type RowParser<R> = (row: Row) => R;

export type DefinedQuery<P extends readonly unknown[], R> = {
  readonly name: string;
  /** Every row, parsed. `via`: a transaction's executor; the pool when omitted. */
  all(values: P, via?: Sql): Promise<R[]>;
  /** The first row parsed, or null when there is none. */
  first(values: P, via?: Sql): Promise<R | null>;
};

export type DefinedCommand<P extends readonly unknown[]> = {
  readonly name: string;
  /** Runs the statement; resolves to the number of rows it affected. */
  run(values: P, via?: Sql): Promise<number>;
};

/** name → text: one name is one statement (pg refuses a name reused for another text). */
const defined = new Map<string, string>();

function define(name: string, text: string): void {
  const known = defined.get(name);
  if (known !== undefined && known !== text) throw new Error(`SQL statement name "${name}" is defined twice with different text (after editing a statement in dev, restart the server)`);
  defined.set(name, text);
}

function execute(name: string, text: string, values: readonly unknown[], via: Sql | undefined): Promise<SqlResult> {
  return via ? via(text, values, name) : pool().query<Row>({ name, text, values: values as unknown[] });
}

/** A named statement that returns rows. */
export function definedQuery<P extends readonly unknown[], R>(q: { name: string; text: string; parse: RowParser<R> }): DefinedQuery<P, R> {
  const { name, text, parse } = q;
  define(name, text);
  return {
    name,
    async all(values, via) {
      const { rows } = await execute(name, text, values, via);
      return parseRows(rows, parse, name);
    },
    async first(values, via) {
      const { rows } = await execute(name, text, values, via);
      return rows.length === 0 ? null : parseRow(rows[0]!, parse, name);
    },
  };
}

/** A named statement run for its effect (INSERT/UPDATE/DELETE without RETURNING). */
export function definedCommand<P extends readonly unknown[]>(q: { name: string; text: string }): DefinedCommand<P> {
  const { name, text } = q;
  define(name, text);
  return {
    name,
    async run(values, via) {
      return (await execute(name, text, values, via)).rowCount ?? 0;
    },
  };
}

/**
 * A statement whose text is built per call (the dashboard's optional filters pick the WHERE
 * clauses, and with them the indexes). Not prepared: its text varies. `label` names it in
 * parse errors.
 */
export async function dynamicQuery<R>(label: string, text: string, values: readonly unknown[], parse: RowParser<R>): Promise<R[]> {
  const { rows } = await pool().query<Row>(text, values as unknown[]);
  return parseRows(rows, parse, label);
}
