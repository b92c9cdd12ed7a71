// Request-log retention: rows older than LOG_RETENTION_DAYS (0 = keep forever) are deleted in
// batches of BATCH_SIZE, oldest first, with a pause between batches so the charge writer's
// inserts and the dashboard's reads are never queued behind one long DELETE. Every server
// process runs the job every few minutes; a Postgres advisory lock lets one of them (in the
// whole deployment) delete at a time, the others skip that round. Rollups and the ledger stay:
// charts, usage and balances read them, never the raw logs (lib/sql/request-log-retention.ts).
// Started by the server (startLogRetention / stopLogRetention, like the replay worker); its
// timers are unref'd.
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { recordLogRetentionRun } from "@/lib/observability/metrics";
import { deleteExpiredLogBatch, withLogRetentionLock } from "@/lib/sql/request-log-retention";

export const BATCH_SIZE = 5_000;
const PAUSE_MS = 200;
const INTERVAL_MS = 5 * 60_000;
/** The first run waits a little after start, so a (re)starting fleet does not begin by deleting. */
const FIRST_RUN_MS = 60_000;

export type RetentionOptions = {
  /** Window in days; defaults to LOG_RETENTION_DAYS. 0 = keep forever. */
  days?: number;
  batchSize?: number;
  pauseMs?: number;
};

export type RetentionRun =
  | { outcome: "disabled" }
  | { outcome: "locked" } // another process holds the lock: it is deleting
  | { outcome: "done" | "stopped"; deleted: number; batches: number; ms: number };

let timer: NodeJS.Timeout | null = null;
let running: Promise<RetentionRun> | null = null;
let stopping = false;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** One pass: deletes batches until none is left past the window (or the job is stopped). */
export async function runLogRetention(o: RetentionOptions = {}): Promise<RetentionRun> {
  const days = o.days ?? env().LOG_RETENTION_DAYS;
  if (days === 0) return { outcome: "disabled" };
  const batchSize = o.batchSize ?? BATCH_SIZE;
  const pauseMs = o.pauseMs ?? PAUSE_MS;
  const started = performance.now();
  const r = await withLogRetentionLock(async (sql) => {
    let deleted = 0, batches = 0;
    for (;;) {
      if (stopping) return { outcome: "stopped" as const, deleted, batches };
      const n = await deleteExpiredLogBatch(days, batchSize, sql);
      deleted += n;
      if (n > 0) batches++;
      if (n < batchSize) return { outcome: "done" as const, deleted, batches };
      await sleep(pauseMs);
    }
  });
  if (!r.locked) {
    recordLogRetentionRun("locked", 0);
    return { outcome: "locked" };
  }
  const run = { ...r.value, ms: Math.round(performance.now() - started) };
  recordLogRetentionRun(run.outcome, run.deleted);
  if (run.deleted > 0) logger().info({ deleted: run.deleted, batches: run.batches, ms: run.ms, days }, "log retention: deleted old request logs");
  return run;
}

function schedule(ms: number, intervalMs: number): void {
  timer = setTimeout(() => {
    timer = null;
    const run = runLogRetention().catch((err: unknown): RetentionRun => {
      recordLogRetentionRun("failed", 0);
      logger().error({ err: String(err) }, "log retention: run failed; retrying next round");
      return { outcome: "stopped", deleted: 0, batches: 0, ms: 0 };
    });
    running = run;
    void run.then(() => {
      running = null;
      if (!stopping) schedule(intervalMs, intervalMs);
    });
  }, ms);
  timer.unref();
}

/** Runs the job every few minutes in this process (once; a no-op with LOG_RETENTION_DAYS=0). */
export function startLogRetention(opts: { intervalMs?: number; firstRunMs?: number } = {}): void {
  if (timer || running || env().LOG_RETENTION_DAYS === 0) return;
  stopping = false;
  // Jitter: processes started together do not all try the lock in the same second.
  schedule(opts.firstRunMs ?? FIRST_RUN_MS + Math.floor(Math.random() * 30_000), opts.intervalMs ?? INTERVAL_MS);
}

/** Stops scheduling; a run in progress ends after its current batch (each batch commits on its own). */
export async function stopLogRetention(): Promise<void> {
  stopping = true;
  if (timer) clearTimeout(timer);
  timer = null;
  await running;
  running = null;
  stopping = false;
}
