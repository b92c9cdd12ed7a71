// Request logs are written after the response, in batches (one statement per ~250 ms or
// 100 rows), so logging never delays a response and costs few round trips. The same
// statement applies each row's charge (see lib/billing/credit-lease.ts): a request's log and
// its charge are written together or not at all, and a row written twice is charged once.
import { pool } from "@/lib/db";
import { createId } from "@/lib/ids";
import { holderId } from "@/lib/billing/credit-lease";
import { queueAutoTopUpCheck } from "@/lib/billing/stripe/auto-topup-trigger";
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/shared-state";

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
  requestBody: unknown;
  responseBody: unknown;
};

// Column → SQL type. The whole batch goes to Postgres as ONE jsonb parameter of one prepared
// statement (jsonb_to_recordset): one native JSON.stringify here, no per-row placeholders to
// build, and Postgres parses/plans the statement once instead of once per batch.
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ["id", "text"], ["user_id", "text"], ["api_key_id", "text"], ["created_at", "timestamp(3)"], ["endpoint", "text"],
  ["requested_model", "text"], ["resolved_model", "text"], ["provider", "text"], ["status", "integer"],
  ["error_class", "text"], ["error_message", "text"], ["stream", "boolean"], ["byok", "boolean"],
  ["input_tokens", "integer"], ["output_tokens", "integer"], ["cached_tokens", "integer"], ["usage_source", "text"],
  ["cost_units", "bigint"], ["reserved_units", "bigint"], ["price", "jsonb"], ["latency_ms", "integer"],
  ["ttft_ms", "integer"], ["attempts", "jsonb"], ["request_body", "jsonb"], ["response_body", "jsonb"],
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
const MAX_BATCH = 100;
const FLUSH_MS = 250;

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
    charge: r.charge ? r.charge.toString() : null, ledger_id: r.charge ? createId("le") : null,
  };
}

type Queue = { rows: RequestLogRow[]; timer: NodeJS.Timeout | null; inflight: Promise<void> | null };
const queue = processSingleton<Queue>("requestLogQueue", () => ({ rows: [], timer: null, inflight: null }));

const RETRY_MS = 1_000;

async function writeBatch(rows: RequestLogRow[]): Promise<void> {
  const { rows: charged } = await pool().query<{ user_id: string }>({
    name: "request_logs_insert", text: INSERT, values: [json(rows.map(record)), holderId()],
  });
  // Auto top-up looks at the balance these charges left: off the response path, and a
  // no-op (in-memory flag) for accounts without it.
  for (const userId of new Set(charged.map((c) => c.user_id))) queueAutoTopUpCheck(userId);
}

/** SQLSTATE class 23: this data can never be written (e.g. the account row is gone). */
function isPermanent(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("23");
}

/**
 * Writes rows; rows that fail for a passing reason (the database is restarting) go back to
 * the queue and are retried, because they carry charges. A batch refused for its data is
 * retried row by row so one bad row cannot hold back the others.
 */
async function writeRows(rows: RequestLogRow[]): Promise<void> {
  try {
    await writeBatch(rows);
  } catch (err) {
    if (isPermanent(err) && rows.length > 1) {
      for (const row of rows) await writeRows([row]);
      return;
    }
    if (isPermanent(err)) {
      const r = rows[0]!;
      logger().error({ err: String(err), id: r.id, userId: r.userId, charge: String(r.charge ?? 0n) }, "request log row refused");
      return;
    }
    logger().error({ err: String(err), rows: rows.length }, "request log batch failed; retrying");
    queue.rows.unshift(...rows);
    queue.timer ??= setTimeout(() => void flushRequestLogs(), RETRY_MS).unref();
  }
}

export function flushRequestLogs(): Promise<void> {
  if (queue.timer) {
    clearTimeout(queue.timer);
    queue.timer = null;
  }
  const rows = queue.rows.splice(0);
  const previous = queue.inflight ?? Promise.resolve();
  if (rows.length === 0) return previous;
  const run = previous.then(async () => {
    for (let i = 0; i < rows.length; i += MAX_BATCH) await writeRows(rows.slice(i, i + MAX_BATCH));
  });
  const settled: Promise<void> = run.finally(() => {
    if (queue.inflight === settled) queue.inflight = null;
  });
  queue.inflight = settled;
  return settled;
}

export function enqueueRequestLog(row: RequestLogRow): void {
  queue.rows.push(row);
  if (queue.rows.length >= MAX_BATCH) void flushRequestLogs();
  else queue.timer ??= setTimeout(() => void flushRequestLogs(), FLUSH_MS);
}
