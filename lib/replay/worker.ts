// The replay worker (issue #22.3): claims open items (FOR UPDATE SKIP LOCKED: several workers
// and instances never run one item at once) and runs a few at a time — REPLAY_CONCURRENCY per
// process, so live traffic keeps its latency. A claim is a lease: items whose worker died are
// claimed again once it runs out (restart: resumed, never charged twice — run-item.ts).
// Started by each API worker (lib/server/api-worker.ts); its timers are unref'd; stop() lets in-flight items end.
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/shared-state";
import { claimReplayItem, failReplayRun, finishReplayRunIfDone, releaseReplayItem, type ClaimedItem } from "@/lib/sql/replays";
import { runReplayItem } from "./run-item";
import { replayKey } from "./run-key";

export const REPLAY_CONCURRENCY = 2;
/** How long a claimed item is this worker's; past it another worker may take it again. */
export const LEASE_MS = 120_000;
/**
 * A fallback: a new run wakes every process's worker over the invalidation channel
 * ("replay-work", lib/invalidation), so the poll only finds items whose lease ran out and runs
 * created while this process's listener was down (its reconnect flush wakes it too). At 1 s,
 * every API worker of every instance queried Postgres once a second with nothing to do.
 */
const POLL_MS = 10_000;
const ERROR_BACKOFF_MS = 5_000;

type WorkerOptions = {
  concurrency?: number; pollMs?: number; leaseMs?: number;
  /** Tests sharing one database: claim only these accounts' items (null: every account). */
  onlyUsers?: string[] | null;
};

type State = {
  running: boolean;
  active: number;
  timer: NodeJS.Timeout | null;
  inflight: Set<Promise<void>>;
  /** In-flight items' abort controllers by run: a cancel in this process stops them at once. */
  controllers: Map<string, Set<AbortController>>;
  opts: Required<WorkerOptions>;
};

const state = processSingleton<State>("replayWorker", () => ({
  running: false, active: 0, timer: null, inflight: new Set(), controllers: new Map(),
  opts: { concurrency: REPLAY_CONCURRENCY, pollMs: POLL_MS, leaseMs: LEASE_MS, onlyUsers: null },
}));

function schedule(ms: number): void {
  if (!state.running || state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    void fill();
  }, ms);
  state.timer.unref();
}

async function fill(): Promise<void> {
  while (state.running && state.active < state.opts.concurrency) {
    let item: ClaimedItem | null;
    state.active++;
    try {
      item = await claimReplayItem(state.opts.leaseMs, state.opts.onlyUsers);
    } catch (err) {
      state.active--;
      logger().error({ err: String(err) }, "replay: claiming an item failed");
      return schedule(ERROR_BACKOFF_MS);
    }
    if (!item) {
      state.active--;
      return schedule(state.opts.pollMs);
    }
    const p = runOne(item).finally(() => {
      state.active--;
      state.inflight.delete(p);
      if (state.running) void fill();
    });
    state.inflight.add(p);
  }
}

async function runOne(item: ClaimedItem): Promise<void> {
  const controller = new AbortController();
  const set = state.controllers.get(item.runId) ?? new Set<AbortController>();
  state.controllers.set(item.runId, set.add(controller));
  try {
    const k = await replayKey(item.userId, item.apiKeyId);
    if ("refused" in k) {
      await releaseReplayItem(item.runId, item.id, 0);
      await failReplayRun(item.runId, `The run stopped: ${k.refused}.`);
      return;
    }
    await runReplayItem(item, k.key, controller.signal);
    await finishReplayRunIfDone(item.runId);
  } catch (err) {
    // The lease runs out and the item is taken again (its logged calls are reused).
    logger().error({ err: String(err), item: item.id }, "replay: item failed; it will be retried after its lease");
  } finally {
    set.delete(controller);
    if (set.size === 0) state.controllers.delete(item.runId);
  }
}

/** Starts claiming items (once per process). */
export function startReplayWorker(opts: WorkerOptions = {}): void {
  if (state.running) return;
  state.opts = {
    concurrency: opts.concurrency ?? REPLAY_CONCURRENCY, pollMs: opts.pollMs ?? POLL_MS, leaseMs: opts.leaseMs ?? LEASE_MS,
    onlyUsers: opts.onlyUsers ?? null,
  };
  state.running = true;
  void fill();
}

/** Looks for work now (a run was just created: lib/invalidation/cache-handlers.ts). */
export function wakeReplayWorker(): void {
  if (!state.running) return;
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = null;
  }
  void fill();
}

/** A cancelled run: its calls in flight in this process stop now (other processes: before their next call). */
export function abortReplayRun(runId: string): void {
  for (const c of state.controllers.get(runId) ?? []) c.abort();
}

/** Stops claiming and waits (at most `waitMs`) for the items in flight; unfinished ones are resumed after their lease. */
export async function stopReplayWorker(waitMs = 3_000): Promise<void> {
  state.running = false;
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  const wait = new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
  await Promise.race([Promise.allSettled([...state.inflight]), wait]);
}
