// `tsx bench/experiments/charge-variants.ts [rows=500] [rounds=12]`: the charge statement
// (lib/sql/charges.ts) against parts and variants of it on the same throwaway database,
// interleaved: what each part costs Postgres per batch of bench-like rows (min is the figure
// to read on a noisy machine). VARIANTS=0,3 runs only those (indexes into the list below).
// Parameters are built before the clock starts: only Postgres's time (and the round trip) counts.
// Variants 9–11: the rollup triggers off, and the batch as one typed array per column (unnest).
import { REQUEST_LOG_COLUMNS } from "@/lib/observability/request-log";
import { chargedLogRowWithoutBodies } from "@/lib/sql/charges";
import { asText, insertOnly, parseOnly, recordset, startChargeBatchDb } from "./charge-batch-db";

const n = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 12);
const cb = await startChargeBatchDb("charge-variants");

const names = REQUEST_LOG_COLUMNS.map(([c]) => c).join(", ");
/** The two bodies of each row, as two arrays of JSON texts. */
const bodiesOf = (rows: Buffer[]) => {
  const parsed = rows.map((r) => JSON.parse(r.toString()) as { request_body: unknown; response_body: unknown });
  return [parsed.map((p) => JSON.stringify(p.request_body)), parsed.map((p) => JSON.stringify(p.response_body))];
};

/** The batch as one typed array per column (unnest's parameters): JSON columns as their texts. */
const columnsOf = (rows: Buffer[]) => {
  const parsed = rows.map((r) => JSON.parse(r.toString()) as Record<string, unknown>);
  return REQUEST_LOG_COLUMNS.map(([c, t]) => parsed.map((p) => {
    const v = p[c];
    if (v === null || v === undefined) return null;
    return t === "jsonb" ? JSON.stringify(v) : v;
  }));
};
const unnestOf = `unnest(${REQUEST_LOG_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ")}) AS r(${names})`;

/** `noTriggers`: run with session_replication_role = replica, which skips the rollup triggers. */
type Variant = { label: string; prepare: (rows: Buffer[]) => unknown[]; sql?: string; noTriggers?: boolean };
const variants: Variant[] = [
  { label: "statement as is", prepare: () => [] }, // writeChargedLogs, bytes as the writer sends them
  { label: "insert only, jsonb_to_recordset", prepare: asText, sql: insertOnly(recordset("jsonb_to_recordset", "jsonb")) },
  { label: "insert only, json_to_recordset", prepare: asText, sql: insertOnly(recordset("json_to_recordset", "json")) },
  { label: "parse only, jsonb", prepare: asText, sql: parseOnly(recordset("jsonb_to_recordset", "jsonb")) },
  { label: "parse only, json", prepare: asText, sql: parseOnly(recordset("json_to_recordset", "json")) },
  { label: "parse only, jsonb, no bodies", prepare: (rows) => asText(rows.map(chargedLogRowWithoutBodies)), sql: parseOnly(recordset("jsonb_to_recordset", "jsonb")) },
  { label: "parse only, bodies as jsonb[]", prepare: bodiesOf, sql: "SELECT count(*) FROM unnest($1::jsonb[], $2::jsonb[]) AS b(q, a)" },
  { label: "parse only, bodies as json[]", prepare: bodiesOf, sql: "SELECT count(*) FROM unnest($1::json[], $2::json[]) AS b(q, a)" },
  { label: "parse only, json, bodies json", prepare: asText, sql: parseOnly(recordset("json_to_recordset", "json", "json")) },
  { label: "insert only, no rollup triggers", prepare: asText, sql: insertOnly(recordset("jsonb_to_recordset", "jsonb")), noTriggers: true },
  { label: "parse only, column arrays (unnest)", prepare: columnsOf, sql: parseOnly(unnestOf) },
  { label: "insert only, column arrays (unnest)", prepare: columnsOf, sql: insertOnly(unnestOf) },
];
const only = process.env.VARIANTS?.split(",").map(Number);
const chosen = only ? variants.filter((_, i) => only.includes(i)) : variants;
const run = (v: Variant, rows: Buffer[], args: unknown[]) => (v.sql ? cb.db.query(v.sql, args) : cb.write(rows));
/** session_replication_role is per session: set around a noTriggers variant, outside its clock. */
const triggers = (v: Variant, on: boolean) =>
  v.noTriggers ? cb.db.query(`SET session_replication_role = ${on ? "origin" : "replica"}`) : Promise.resolve();
const ms = new Map<string, number[]>(chosen.map((v) => [v.label, []]));
try {
  for (const v of chosen) {
    for (let i = 0; i < 3; i++) { // warm: plans, caches
      const rows = cb.batch(n);
      await triggers(v, false);
      await run(v, rows, v.prepare(rows));
      await triggers(v, true);
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (const v of r % 2 ? [...chosen].reverse() : chosen) {
      const rows = cb.batch(n);
      const args = v.prepare(rows);
      await triggers(v, false);
      const t0 = performance.now();
      await run(v, rows, args);
      ms.get(v.label)!.push(performance.now() - t0);
      await triggers(v, true);
    }
  }
} finally {
  await cb.stop();
}
for (const [label, xs] of ms) {
  xs.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} median ${xs[xs.length >> 1]!.toFixed(1)} ms, min ${xs[0]!.toFixed(1)} (${n} rows)`);
}
