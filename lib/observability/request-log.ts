// Request logs are written after the response, in batches (one multi-row INSERT per
// ~250 ms or 100 rows), so logging never delays a response and costs few round trips.
import { pool } from "@/lib/db";
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
const INSERT = `INSERT INTO request_logs (${NAMES}) SELECT ${NAMES} FROM jsonb_to_recordset($1::jsonb) AS r(${
  COLUMNS.map(([c, t]) => `${c} ${t}`).join(", ")}) ON CONFLICT (id) DO NOTHING`;
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
  };
}

type Queue = { rows: RequestLogRow[]; timer: NodeJS.Timeout | null; inflight: Promise<void> | null };
const queue = processSingleton<Queue>("requestLogQueue", () => ({ rows: [], timer: null, inflight: null }));

async function writeBatch(rows: RequestLogRow[]): Promise<void> {
  await pool().query({ name: "request_logs_insert", text: INSERT, values: [json(rows.map(record))] });
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
    for (let i = 0; i < rows.length; i += MAX_BATCH) {
      const batch = rows.slice(i, i + MAX_BATCH);
      await writeBatch(batch).catch((err: unknown) =>
        logger().error({ err: String(err), rows: batch.length }, "request log batch failed"));
    }
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
