// One batch of request logs → ONE statement that inserts the logs and applies their charges
// (see lib/billing/credit-lease.ts): a request's log and its charge are written together or
// not at all, and a row written twice is charged once. The queue around it: request-log.ts.
import { pool } from "@/lib/db";
import { createId } from "@/lib/ids";
import { holderId } from "@/lib/billing/credit-lease";

export type AttemptLog = {
  model: string;
  provider: string;
  status: number | null;
  error?: string;
  latencyMs: number;
  ttftMs?: number;
};

export type RequestLogRow = {
  id: string;
  userId: string;
  apiKeyId: string | null;
  createdAt: Date;
  endpoint: string;
  requestedModel: string;
  resolvedModel: string | null;
  provider: string | null;
  status: number;
  errorClass: string | null;
  errorMessage: string | null;
  stream: boolean;
  byok: boolean;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  usageSource: "provider" | "estimated" | "none";
  costUnits: bigint;
  /** Debit this from the account (and this process's credit hold) with the row. */
  charge?: bigint;
  reservedUnits: bigint;
  price: unknown;
  latencyMs: number;
  ttftMs: number | null;
  attempts: AttemptLog[];
  /** Stored as given: sanitise first (lib/observability/log-body.ts). */
  requestBody: unknown;
  responseBody: unknown;
  /** The raw request body's size in bytes (0 when unknown). */
  requestBytes?: number;
  /** A stored body was cut to the storage limits, or dropped because it could not be stored. */
  bodyTruncated?: boolean;
};

// Column → SQL type. The whole batch goes to Postgres as ONE jsonb parameter of one prepared
// statement (jsonb_to_recordset): one native JSON.stringify here, no per-row placeholders to
// build, and Postgres parses/plans the statement once instead of once per batch.
// source / mode / parent_id are left to their column defaults for now.
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ["id", "text"], ["user_id", "text"], ["api_key_id", "text"], ["created_at", "timestamp(3)"], ["endpoint", "text"],
  ["requested_model", "text"], ["resolved_model", "text"], ["provider", "text"], ["status", "integer"],
  ["error_class", "text"], ["error_message", "text"], ["stream", "boolean"], ["byok", "boolean"],
  ["input_tokens", "integer"], ["output_tokens", "integer"], ["cached_tokens", "integer"], ["usage_source", "text"],
  ["cost_units", "bigint"], ["reserved_units", "bigint"], ["price", "jsonb"], ["latency_ms", "integer"],
  ["ttft_ms", "integer"], ["attempts", "jsonb"], ["request_body", "jsonb"], ["response_body", "jsonb"],
  ["request_bytes", "integer"], ["body_truncated", "boolean"],
];
const NAMES = COLUMNS.map(([c]) => c).join(", ");
// ins: the rows not written before. tot/hold/bal: per account, balance −= charges and
// held −= the part of them this process holds ($2). Ledger: one `charge` row per charged
// request; balance_after = the new balance + the charges of the account's later rows.
const INSERT = `
WITH r AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${COLUMNS.map(([c, t]) => `${c} ${t}`).join(", ")}, charge bigint, ledger_id text)
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
)
INSERT INTO ledger_entries (id, user_id, kind, amount, balance_after, source_id, created_at)
SELECT ch.ledger_id, ch.user_id, 'charge', -ch.charge,
  bal.balance + coalesce(sum(ch.charge) OVER (PARTITION BY ch.user_id ORDER BY ch.created_at DESC, ch.id DESC
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
  ch.id, now()
FROM ch JOIN bal ON bal.id = ch.user_id
RETURNING user_id`;

const bigintAsString = (_k: string, x: unknown) => (typeof x === "bigint" ? x.toString() : x);

/** JSON text. The BigInt replacer is a slow path, used only when stringify throws a TypeError. */
function json(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch (err) {
    if (err instanceof TypeError) return JSON.stringify(v, bigintAsString);
    throw err;
  }
}

/** One row as jsonb_to_recordset reads it (keys = column names; JSON null = SQL NULL). */
function record(r: RequestLogRow): Record<string, unknown> {
  return {
    id: r.id, user_id: r.userId, api_key_id: r.apiKeyId, created_at: r.createdAt.toISOString(), endpoint: r.endpoint,
    requested_model: r.requestedModel, resolved_model: r.resolvedModel, provider: r.provider, status: r.status,
    error_class: r.errorClass, error_message: r.errorMessage, stream: r.stream, byok: r.byok,
    input_tokens: r.inputTokens, output_tokens: r.outputTokens, cached_tokens: r.cachedTokens,
    usage_source: r.usageSource, cost_units: r.costUnits.toString(), reserved_units: r.reservedUnits.toString(),
    price: r.price ?? null, latency_ms: Math.round(r.latencyMs), ttft_ms: r.ttftMs === null ? null : Math.round(r.ttftMs),
    attempts: r.attempts, request_body: r.requestBody ?? null, response_body: r.responseBody ?? null,
    request_bytes: r.requestBytes ?? 0, body_truncated: r.bodyTruncated ?? false,
    charge: r.charge ? r.charge.toString() : null, ledger_id: r.charge ? createId("le") : null,
  };
}

/**
 * Writes the rows and their charges in one statement; returns the accounts charged. Throws
 * what Postgres (or JSON.stringify, for a body it cannot serialise) throws.
 */
export async function insertRequestLogs(rows: RequestLogRow[]): Promise<string[]> {
  const { rows: charged } = await pool().query<{ user_id: string }>({
    name: "request_logs_insert", text: INSERT, values: [json(rows.map(record)), holderId()],
  });
  return charged.map((c) => c.user_id);
}
