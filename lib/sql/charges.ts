// One batch of settled requests → ONE statement that inserts their request logs and applies
// their charges: a request's log and its charge are written together or not at all, and a
// log written twice is charged once (the log id is unique; a charge follows only a new row).
// The queue around it: lib/billing/settlement/charge-writer.ts. The log's columns:
// lib/observability/request-log.ts.
import { createTimeOrderedId } from "@/lib/ids";
import { toJsonText } from "@/lib/json-text";
import { JsonText } from "@/lib/observability/log-body";
import { REQUEST_LOG_COLUMNS, recordWithoutBodies, requestLogRecord, type RequestLogRow } from "@/lib/observability/request-log";
import { definedQuery } from "@/lib/sql/query";
import { bigint, str } from "@/lib/sql/rows";

/** A settled request: its log row, and the charge to debit with it (0n = log only). */
export type ChargedLog = { readonly log: RequestLogRow; readonly charge: bigint };

// The whole batch goes to Postgres as ONE jsonb parameter of one prepared statement
// (jsonb_to_recordset): the entries' rows joined, no per-row placeholders to build, and
// Postgres parses/plans the statement once instead of once per batch. The parameter is sent
// in jsonb's binary format (a version byte, 1, then the JSON text: Postgres parses it exactly
// as the text format) because a row is queued as its UTF-8 bytes (chargedLogRow).
const NAMES = REQUEST_LOG_COLUMNS.map(([c]) => c).join(", ");
// ins: the rows not written before. tot/hold/bal: per account, balance −= charges and
// held −= the part of them this process holds ($2). Ledger: one `charge` row per charged
// request; balance_after = the new balance + the charges of the account's later rows. The
// statement returns one row per account charged: its balance after the batch (led runs
// though nothing reads it: Postgres executes every data-modifying WITH exactly once).
// Lock order: the hold row, then the account (as every statement in credit-holds.ts).
const insert = definedQuery<[batch: Buffer, holder: string], { userId: string; balanceAfter: bigint }>({
  name: "request_logs_insert",
  text: `
WITH r AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${REQUEST_LOG_COLUMNS.map(([c, t]) => `${c} ${t}`).join(", ")}, charge bigint, ledger_id text)
), ins AS (
  INSERT INTO request_logs (${NAMES}) SELECT ${NAMES} FROM r ON CONFLICT (id) DO NOTHING RETURNING id
), ch AS (
  SELECT r.id, r.user_id, r.charge, r.ledger_id, r.created_at FROM r JOIN ins ON ins.id = r.id WHERE r.charge > 0
), tot AS (
  SELECT user_id, sum(charge)::bigint AS s FROM ch GROUP BY user_id
), hold AS (
  SELECT h.user_id, LEAST(h.amount, tot.s) AS d FROM credit_holds h JOIN tot ON tot.user_id = h.user_id
  WHERE h.holder = $2 FOR UPDATE OF h
), hold_upd AS (
  UPDATE credit_holds h SET amount = h.amount - hold.d FROM hold WHERE h.user_id = hold.user_id AND h.holder = $2
), bal AS (
  UPDATE users u SET balance = u.balance - tot.s, held = u.held - coalesce(hold.d, 0), updated_at = now()
  FROM tot LEFT JOIN hold ON hold.user_id = tot.user_id WHERE u.id = tot.user_id
  RETURNING u.id, u.balance
), led AS (
  INSERT INTO ledger_entries (id, user_id, kind, amount, balance_after, source_id, created_at)
  SELECT ch.ledger_id, ch.user_id, 'charge', -ch.charge,
    bal.balance + coalesce(sum(ch.charge) OVER (PARTITION BY ch.user_id ORDER BY ch.created_at DESC, ch.id DESC
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
    ch.id, now()
  FROM ch JOIN bal ON bal.id = ch.user_id
)
SELECT id AS user_id, balance::text AS balance_after FROM bal`,
  parse: (r) => ({ userId: str(r, "user_id"), balanceAfter: bigint(r, "balance_after") }),
});

/** One entry as jsonb_to_recordset reads it: the log's columns plus the charge and its ledger id. */
function record(e: ChargedLog): Record<string, unknown> {
  const r = requestLogRecord(e.log);
  r.charge = e.charge > 0n ? e.charge.toString() : null;
  r.ledger_id = e.charge > 0n ? createTimeOrderedId("le") : null;
  return r;
}

/**
 * An entry as the JSON text of its record (with its ledger id, so a retried write reuses it).
 * Throws what JSON.stringify throws for a body it cannot serialise; `withoutBodies` cannot.
 */
function chargedLogText(e: ChargedLog, withoutBodies = false): string {
  if (withoutBodies) return toJsonText(recordWithoutBodies(record(e)));
  const r = record(e);
  const request = r.request_body;
  const response = r.response_body;
  if (!(request instanceof JsonText) && !(response instanceof JsonText)) return toJsonText(r);
  // A body given as its JSON text (log-body.ts) goes in as that text: the row's other keys
  // are serialised (an undefined value is left out) and the bodies appended before the "}".
  if (request instanceof JsonText) r.request_body = undefined;
  if (response instanceof JsonText) r.response_body = undefined;
  const rest = toJsonText(r);
  return rest.slice(0, -1)
    + (request instanceof JsonText ? `,"request_body":${request.text}` : "")
    + (response instanceof JsonText ? `,"response_body":${response.text}` : "") + "}";
}

/**
 * An entry as the charge writer queues it: the UTF-8 bytes of chargedLogText. Bytes live
 * outside the JS heap, so hundreds of rows waiting for their batch are not copied by every
 * young-generation GC on the way to the old one, and a flush is one memory copy of the batch
 * instead of a join, a length scan and an encoding of ~1 MB of text in front of whatever
 * request is in flight (docs/performance.md, "2026-12-07 (late morning)").
 */
export function chargedLogRow(e: ChargedLog, withoutBodies = false): Buffer {
  return Buffer.from(chargedLogText(e, withoutBodies));
}

/** A row with its bodies and other row-specific texts cleared (recordWithoutBodies). */
export function chargedLogRowWithoutBodies(row: Buffer): Buffer {
  return Buffer.from(toJsonText(recordWithoutBodies(JSON.parse(row.toString()) as Record<string, unknown>)));
}

const JSONB_V1_OPEN = Buffer.from([1, 0x5b]); // jsonb binary format version 1, then "["
const COMMA = Buffer.from(",");
const CLOSE = Buffer.from("]");

/** `rows` as one JSON array in jsonb's binary format: one copy of the bytes. */
export function batchParameter(rows: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [JSONB_V1_OPEN];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) parts.push(COMMA);
    parts.push(rows[i]!);
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/**
 * Writes the logs and their charges (entries as chargedLogRow made them) in one statement,
 * debiting `holder`'s holds first; returns each account charged with its balance after the
 * batch. Throws what Postgres throws.
 */
export async function writeChargedLogs(entries: readonly Buffer[], holder: string): Promise<Map<string, bigint>> {
  // One row per account charged, not one per charged request for this process to parse.
  const rows = await insert.all([batchParameter(entries), holder]);
  const balances = new Map<string, bigint>();
  for (const r of rows) balances.set(r.userId, r.balanceAfter);
  return balances;
}
