// The charge writer: settled requests are written after the response, in batches (one
// statement per second or 2,000 entries: charge-batching.ts; lib/sql/charges.ts), each
// request's log row with its charge, so neither delays a response and both cost few round
// trips. After a batch, the accounts it charged get an auto top-up check.
//
// Entries carry charges, so none is ever dropped for a reason that is not about the entry:
// when the database is unreachable, or refuses every row alike (db-error-kind.ts), entries
// wait in the queue and are retried. Any other error is about the entries themselves — one
// bad row must never hold back the others (issue #16: a poison body stopped logging and
// billing for every account) — so the batch is split in halves until the bad entry is alone;
// its log is then stored without its bodies, and if even that fails it is given up: its
// charge is released from this process's hold (it can never be written, so the money must
// not stay held), counted and logged.
//
// The queue is bounded (MAX_BACKLOG_ROWS): at the bound new chat requests are refused with
// 503 (chargeBacklog, run-chat.ts) rather than a charge ever being dropped.
//
// An entry is queued as the UTF-8 bytes of its row's JSON text (serialised when it is queued,
// after the response): the queue holds one off-heap buffer per request instead of the
// request's object graph (bodies, attempts), and a flush copies bytes instead of serialising
// hundreds of rows at once in front of whatever request is in flight (lib/sql/charges.ts,
// chargedLogRow; docs/performance.md, "2026-12-06 (night)" and "2026-12-07 (late morning)").
import { queueAutoTopUpCheck } from "@/lib/billing/stripe/auto-topup-trigger";
import { batchWritten, chargeAbandoned, chargeQueued } from "@/lib/billing/settlement/balance-view";
import { CHARGE_FLUSH_MS, CHARGE_MAX_BATCH } from "@/lib/billing/settlement/charge-batching";
import { holderId, releaseUnwritableCharge } from "@/lib/billing/settlement/holds";
import { chargedLogRow, chargedLogRowWithoutBodies, writeChargedLogs, type ChargedLog } from "@/lib/sql/charges";
import { isRetryableDbError } from "@/lib/observability/db-error-kind";
import { logger } from "@/lib/observability/logger";
import { countRequestLogRow, setRequestLogBacklog } from "@/lib/observability/metrics";
import { processSingleton } from "@/lib/shared-state";

export type { ChargedLog };

const RETRY_MS = 1_000;
/**
 * Entries waiting to be written (queued, being written, or waiting for the database) past
 * which new chat requests are refused. ~50,000 is minutes of heavy traffic, and at most
 * ~2 × 64 KB of stored body each (log-body.ts), typically a few KB.
 */
export const MAX_BACKLOG_ROWS = 50_000;

/** A queued entry: its row's bytes (chargedLogRow) and what billing and the log need without them. */
type Queued = {
  readonly row: Buffer;
  readonly id: string;
  readonly userId: string;
  readonly charge: bigint;
  readonly requestBytes: number;
  /** Its bodies could not be serialised: queued without them (counted once written). */
  readonly stripped: boolean;
};

type Queue = {
  entries: Queued[];
  timer: NodeJS.Timeout | null;
  inflight: Promise<void> | null;
  /** Entries enqueued and neither written nor given up yet. */
  backlog: number;
  backlogLimit: number;
  /** A write failed for a passing reason: wait for the retry timer, however full the queue. */
  retrying: boolean;
};
const queue = processSingleton<Queue>("chargeQueue", () => ({
  entries: [], timer: null, inflight: null, backlog: 0, backlogLimit: MAX_BACKLOG_ROWS, retrying: false,
}));

function done(n: number): void {
  queue.backlog -= n;
  setRequestLogBacklog(queue.backlog);
}

async function writeBatch(entries: Queued[]): Promise<void> {
  const balances = await writeChargedLogs(entries.map((e) => e.row), holderId());
  done(entries.length);
  batchWritten(entries, balances);
  for (const e of entries) if (e.stripped) countRequestLogRow("stored_without_bodies");
  // Auto top-up looks at the balance these charges left: off the response path, and a
  // no-op (in-memory flag) for accounts without it.
  for (const userId of balances.keys()) queueAutoTopUpCheck(userId);
}

/**
 * Writes entries, splitting the batch on an error about its data. Returns the entries to
 * retry later (the database is unreachable or refuses every row): those that failed and
 * those not tried yet.
 */
async function writeEntries(entries: Queued[]): Promise<Queued[]> {
  try {
    await writeBatch(entries);
    return [];
  } catch (err) {
    if (isRetryableDbError(err)) {
      logger().error({ err: String(err), rows: entries.length }, "charge batch failed; retrying");
      return entries;
    }
    if (entries.length === 1) return writeAlone(entries[0]!, err);
    const mid = entries.length >>> 1;
    const retry = await writeEntries(entries.slice(0, mid));
    // The database went away meanwhile: keep the other half for the retry too.
    return retry.length > 0 ? retry.concat(entries.slice(mid)) : writeEntries(entries.slice(mid));
  }
}

/** An entry refused on its own: store its log without bodies, or give it up and release its charge. */
async function writeAlone(entry: Queued, err: unknown): Promise<Queued[]> {
  const { userId, charge } = entry;
  // Never the bodies, nor the error text (it may quote them): ids, sizes and the SQLSTATE.
  const about = {
    id: entry.id, userId, charge: String(charge), requestBytes: entry.requestBytes,
    code: (err as { code?: unknown } | null)?.code ?? (err as Error | null)?.name,
  };
  try {
    await writeBatch([Object.assign({}, entry, { row: chargedLogRowWithoutBodies(entry.row), stripped: false })]);
    countRequestLogRow("stored_without_bodies");
    logger().warn(about, "request log row refused; stored without its bodies");
    return [];
  } catch (again) {
    if (isRetryableDbError(again)) return [entry];
    done(1);
    chargeAbandoned(entry.id, userId);
    countRequestLogRow("refused");
    logger().error(Object.assign({}, about, { codeWithoutBodies: (again as { code?: unknown } | null)?.code }), "request log row refused; its charge is released");
    if (charge > 0n) {
      await releaseUnwritableCharge(userId, charge).catch((e: unknown) =>
        logger().error({ id: entry.id, userId, err: String(e) }, "could not release the charge of a refused request log"));
    }
    return [];
  }
}

async function writeQueued(entries: Queued[]): Promise<void> {
  for (let i = 0; i < entries.length; i += CHARGE_MAX_BATCH) {
    const retry = await writeEntries(entries.slice(i, i + CHARGE_MAX_BATCH));
    if (retry.length > 0) {
      // Back to the front of the queue, in order; no point trying the rest until it is back.
      queue.entries = retry.concat(entries.slice(i + CHARGE_MAX_BATCH), queue.entries);
      // Wait RETRY_MS even if new entries fill a batch meanwhile: during an outage, writing on
      // every request would hammer the database and the log.
      queue.retrying = true;
      if (queue.timer) clearTimeout(queue.timer);
      queue.timer = setTimeout(() => {
        queue.retrying = false;
        void flushCharges();
      }, RETRY_MS).unref();
      return;
    }
  }
}

/** Writes everything queued now; resolves once it is written (or back in the queue to retry). */
export function flushCharges(): Promise<void> {
  if (queue.timer) {
    clearTimeout(queue.timer);
    queue.timer = null;
  }
  const entries = queue.entries.splice(0);
  const previous = queue.inflight ?? Promise.resolve();
  if (entries.length === 0) return previous;
  const run = previous.then(() => writeQueued(entries));
  const finished: Promise<void> = run.finally(() => {
    if (queue.inflight === finished) queue.inflight = null;
  });
  queue.inflight = finished;
  return finished;
}

/** The entry as queued: its row's text, or without its bodies when they cannot be serialised. */
function toQueued(entry: ChargedLog): Queued {
  const { log, charge } = entry;
  const requestBytes = log.requestBytes ?? 0;
  // Written out, not `{ ...base, text }`: a spread literal that gains keys is V8's slow path (~1.7 µs).
  try {
    return { row: chargedLogRow(entry), id: log.id, userId: log.userId, charge, requestBytes, stripped: false };
  } catch (err) {
    logger().warn({ id: log.id, userId: log.userId, charge: String(charge), requestBytes, err: (err as Error | null)?.name },
      "request log bodies cannot be serialised; storing the row without them");
    return { row: chargedLogRow(entry, true), id: log.id, userId: log.userId, charge, requestBytes, stripped: true };
  }
}

/** Queues a settled request's log and charge (settle.ts; tests that seed logs: charge 0n). */
export function enqueueCharge(entry: ChargedLog): void {
  queue.entries.push(toQueued(entry));
  if (entry.charge > 0n) chargeQueued(entry.log.id);
  queue.backlog++;
  setRequestLogBacklog(queue.backlog);
  if (queue.entries.length >= CHARGE_MAX_BATCH && !queue.retrying) void flushCharges();
  else queue.timer ??= setTimeout(() => void flushCharges(), CHARGE_FLUSH_MS);
}

/** Entries not written yet; at the limit new chat requests are refused (run-chat.ts). */
export function chargeBacklog(): { rows: number; full: boolean } {
  return { rows: queue.backlog, full: queue.backlog >= queue.backlogLimit };
}

/** Test hook: a lower bound (null = MAX_BACKLOG_ROWS). */
export function setChargeBacklogLimitForTests(limit: number | null): void {
  queue.backlogLimit = limit ?? MAX_BACKLOG_ROWS;
}
