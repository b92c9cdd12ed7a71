// Request logs are written after the response, in batches (one multi-row INSERT per
// ~250 ms or 100 rows), so logging never delays a response and costs few round trips.
import { pool } from "@/lib/db";
import { logger } from "@/lib/observability/logger";

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

const COLUMNS = ["id", "user_id", "api_key_id", "created_at", "endpoint", "requested_model", "resolved_model",
  "provider", "status", "error_class", "error_message", "stream", "byok", "input_tokens", "output_tokens",
  "cached_tokens", "usage_source", "cost_units", "reserved_units", "price", "latency_ms", "ttft_ms", "attempts",
  "request_body", "response_body"] as const;
const JSON_COLUMNS = new Set(["price", "attempts", "request_body", "response_body"]);
const MAX_BATCH = 100;
const FLUSH_MS = 250;

const json = (v: unknown) => (v === null || v === undefined ? null
  : JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)));

function values(r: RequestLogRow): unknown[] {
  return [r.id, r.userId, r.apiKeyId, r.createdAt, r.endpoint, r.requestedModel, r.resolvedModel, r.provider,
    r.status, r.errorClass, r.errorMessage, r.stream, r.byok, r.inputTokens, r.outputTokens, r.cachedTokens,
    r.usageSource, r.costUnits, r.reservedUnits, json(r.price), Math.round(r.latencyMs),
    r.ttftMs === null ? null : Math.round(r.ttftMs), json(r.attempts), json(r.requestBody), json(r.responseBody)];
}

const slot = Symbol.for("switchyard.requestLogQueue");
type Queue = { rows: RequestLogRow[]; timer: NodeJS.Timeout | null; inflight: Promise<void> | null };
const g = globalThis as unknown as Record<symbol, Queue | undefined>;
const queue: Queue = (g[slot] ??= { rows: [], timer: null, inflight: null });

async function writeBatch(rows: RequestLogRow[]): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    const vals = values(r);
    const base = params.length;
    params.push(...vals);
    return "(" + COLUMNS.map((c, i) => `$${base + i + 1}${JSON_COLUMNS.has(c) ? "::jsonb" : ""}`).join(", ") + ")";
  });
  await pool().query(
    `INSERT INTO request_logs (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")} ON CONFLICT (id) DO NOTHING`, params);
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
