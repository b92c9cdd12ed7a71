// Per-model figures over the last hours from the hourly rollups (usage_rollups, all accounts):
// the long-run baseline `auto` falls back on where this process has seen little recent traffic
// (lib/routing/model-stats.ts has the last minutes). Read from memory on the request path;
// refreshed in the background every REFRESH_MS by a timer started on first use (unref'd, so it
// never keeps a process alive) — a request never waits for the database here.
//
// Rollups record each request's final outcome under the model that answered it (a request
// that failed over counts as a success of the fallback), so they are a coarse baseline: the
// per-attempt failures of the last minutes come from model-stats.
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/shared-state";
import { modelRollupFigures } from "@/lib/sql/usage-rollups";

export const ROLLUP_WINDOW_HOURS = 6;
const REFRESH_MS = 30_000;

export type RollupFigures = {
  /** Successful requests in the window. */
  okRequests: number;
  /** Requests that failed upstream (error classes upstream_*); refusals of ours (4xx, 402,
   *  limits) are not the model's fault and are in neither count. */
  upstreamErrors: number;
  /** Mean latency of the successful ones (ms); null without any. */
  meanLatencyMs: number | null;
};

type State = {
  figures: ReadonlyMap<string, RollupFigures>;
  timer: NodeJS.Timeout | null;
  inFlight: boolean;
};

const state = processSingleton<State>("autoRollupFigures", () => ({
  figures: new Map(), timer: null, inFlight: false,
}));

/** One refresh now (tests; the timer calls it too). Never throws: a failed refresh keeps the last figures. */
export async function refreshRollupFigures(): Promise<void> {
  if (state.inFlight) return;
  state.inFlight = true;
  try {
    const next = new Map<string, RollupFigures>();
    for (const r of await modelRollupFigures(ROLLUP_WINDOW_HOURS)) {
      next.set(r.model, {
        okRequests: r.okRequests,
        upstreamErrors: r.upstreamErrors,
        meanLatencyMs: r.okRequests > 0 && r.okLatencySumMs !== null ? r.okLatencySumMs / r.okRequests : null,
      });
    }
    state.figures = next;
  } catch (err) {
    logger().warn({ err: err instanceof Error ? err.message : String(err) }, "auto routing: rollup figures refresh failed");
  } finally {
    state.inFlight = false;
  }
}

/** Starts the background refresh once per process (the first refresh right away, not awaited). */
function ensureRefreshing(): void {
  if (state.timer) return;
  state.timer = setInterval(() => void refreshRollupFigures(), REFRESH_MS);
  state.timer.unref();
  void refreshRollupFigures();
}

/** The model's rollup figures as of the last refresh (null: none yet, or no traffic in the window). */
export function rollupFigures(modelId: string): RollupFigures | null {
  ensureRefreshing();
  return state.figures.get(modelId) ?? null;
}

/** Stops the background refresh (shutdown, tests). */
export function stopRollupFigures(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}
