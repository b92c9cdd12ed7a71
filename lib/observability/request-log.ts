// Request logs are written after the response, in batches (one statement per ~250 ms or
// 100 rows), so logging never delays a response and costs few round trips. The statement
// (request-log-sql.ts) applies each row's charge with the log.
//
// Rows carry charges, so none is ever dropped for a reason that is not about the row: when
// the database is unreachable, or refuses every row alike (db-error-kind.ts), the rows wait
// in the queue and are retried. Any other error is about the rows themselves — one bad row must never hold back the others (issue
// #16: a poison body stopped logging and billing for every account) — so the batch is split
// in halves until the bad row is alone; that row is then stored without its bodies, and if
// even that fails it is given up: its charge is released from this process's credit hold
// (it can never be written, so the money must not stay held), counted and logged.
//
// The queue is bounded (MAX_BACKLOG_ROWS): at the bound new chat requests are refused with
// 503 (requestLogBacklogFull, run-chat.ts) rather than a charged row ever being dropped.
import { holderId } from "@/lib/billing/credit-lease";
import { releaseHold } from "@/lib/billing/credit-holds-sql";
import { queueAutoTopUpCheck } from "@/lib/billing/stripe/auto-topup-trigger";
import { isRetryableDbError } from "@/lib/observability/db-error-kind";
import { storableText } from "@/lib/observability/log-body";
import { logger } from "@/lib/observability/logger";
import { countRequestLogRow, setRequestLogBacklog } from "@/lib/observability/metrics";
import { insertRequestLogs, type RequestLogRow } from "@/lib/observability/request-log-sql";
import { processSingleton } from "@/lib/shared-state";

export type { AttemptLog, RequestLogRow } from "@/lib/observability/request-log-sql";

const MAX_BATCH = 100;
const FLUSH_MS = 250;
const RETRY_MS = 1_000;
/**
 * Rows waiting to be written (queued, being written, or waiting for the database) past which
 * new chat requests are refused. ~50,000 rows is minutes of heavy traffic, and at most
 * ~2 × 64 KB of stored body each (log-body.ts), typically a few KB.
 */
export const MAX_BACKLOG_ROWS = 50_000;

type Queue = {
  rows: RequestLogRow[];
  timer: NodeJS.Timeout | null;
  inflight: Promise<void> | null;
  /** Rows enqueued and neither written nor given up yet. */
  backlog: number;
  backlogLimit: number;
};
const queue = processSingleton<Queue>("requestLogQueue", () => ({
  rows: [], timer: null, inflight: null, backlog: 0, backlogLimit: MAX_BACKLOG_ROWS,
}));

function settled(n: number): void {
  queue.backlog -= n;
  setRequestLogBacklog(queue.backlog);
}

async function writeBatch(rows: RequestLogRow[]): Promise<void> {
  const charged = await insertRequestLogs(rows);
  settled(rows.length);
  // Auto top-up looks at the balance these charges left: off the response path, and a
  // no-op (in-memory flag) for accounts without it.
  for (const userId of new Set(charged)) queueAutoTopUpCheck(userId);
}

/**
 * Writes rows, splitting the batch on an error about its data. Returns the rows to retry
 * later (the database is unreachable or refuses every row): those that failed and those not
 * tried yet.
 */
async function writeRows(rows: RequestLogRow[]): Promise<RequestLogRow[]> {
  try {
    await writeBatch(rows);
    return [];
  } catch (err) {
    if (isRetryableDbError(err)) {
      logger().error({ err: String(err), rows: rows.length }, "request log batch failed; retrying");
      return rows;
    }
    if (rows.length === 1) return writeAlone(rows[0]!, err);
    const mid = rows.length >>> 1;
    const retry = await writeRows(rows.slice(0, mid));
    // The database went away meanwhile: keep the other half for the retry too.
    return retry.length > 0 ? retry.concat(rows.slice(mid)) : writeRows(rows.slice(mid));
  }
}

/** The row with what a row-specific error can come from cleared, keeping what billing needs. */
function withoutBodies(r: RequestLogRow): RequestLogRow {
  return {
    ...r, requestBody: null, responseBody: null, bodyTruncated: true, attempts: [],
    requestedModel: storableText(r.requestedModel).slice(0, 200),
    errorMessage: r.errorMessage === null ? null : storableText(r.errorMessage).slice(0, 500),
  };
}

/** A row refused on its own: store it without bodies, or give it up and release its charge. */
async function writeAlone(row: RequestLogRow, err: unknown): Promise<RequestLogRow[]> {
  // Never the bodies, nor the error text (it may quote them): ids, sizes and the SQLSTATE.
  const about = {
    id: row.id, userId: row.userId, charge: String(row.charge ?? 0n), requestBytes: row.requestBytes ?? 0,
    code: (err as { code?: unknown } | null)?.code ?? (err as Error | null)?.name,
  };
  try {
    await writeBatch([withoutBodies(row)]);
    countRequestLogRow("stored_without_bodies");
    logger().warn(about, "request log row refused; stored without its bodies");
    return [];
  } catch (again) {
    if (isRetryableDbError(again)) return [row];
    settled(1);
    countRequestLogRow("refused");
    logger().error({ ...about, codeWithoutBodies: (again as { code?: unknown } | null)?.code }, "request log row refused; its charge is released");
    if (row.charge && row.charge > 0n) {
      await releaseHold(row.userId, holderId(), row.charge).catch((e: unknown) =>
        logger().error({ id: row.id, userId: row.userId, err: String(e) }, "could not release the charge of a refused request log"));
    }
    return [];
  }
}

async function writeQueued(rows: RequestLogRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += MAX_BATCH) {
    const retry = await writeRows(rows.slice(i, i + MAX_BATCH));
    if (retry.length > 0) {
      // Back to the front of the queue, in order; no point trying the rest until it is back.
      queue.rows = retry.concat(rows.slice(i + MAX_BATCH), queue.rows);
      queue.timer ??= setTimeout(() => void flushRequestLogs(), RETRY_MS).unref();
      return;
    }
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
  const run = previous.then(() => writeQueued(rows));
  const done: Promise<void> = run.finally(() => {
    if (queue.inflight === done) queue.inflight = null;
  });
  queue.inflight = done;
  return done;
}

export function enqueueRequestLog(row: RequestLogRow): void {
  queue.rows.push(row);
  queue.backlog++;
  setRequestLogBacklog(queue.backlog);
  if (queue.rows.length >= MAX_BATCH) void flushRequestLogs();
  else queue.timer ??= setTimeout(() => void flushRequestLogs(), FLUSH_MS);
}

/** Rows not written yet; at the limit new chat requests are refused (run-chat.ts). */
export function requestLogBacklog(): { rows: number; full: boolean } {
  return { rows: queue.backlog, full: queue.backlog >= queue.backlogLimit };
}

/** Test hook: a lower bound (null = MAX_BACKLOG_ROWS). */
export function setRequestLogBacklogLimitForTests(limit: number | null): void {
  queue.backlogLimit = limit ?? MAX_BACKLOG_ROWS;
}
