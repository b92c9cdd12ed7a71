// "Stop" on one Compare column: each running playground compare registers an abort controller
// per model here, so a stop request (POST /api/dashboard/playground/stop) can end that model's
// sub-call alone — upstream stream closed, billed for what it generated, the reservation's rest
// given back — while the others go on. In-process: with several app instances a stop that lands
// on another one finds nothing and the browser only stops showing the column.
import { toAbortSignal, type Cancel } from "@/lib/cancel";
import { processSingleton } from "@/lib/shared-state";

type RunningCompare = { userId: string; columns: Map<number, AbortController> };

const running = processSingleton("playgroundColumnStops", () => new Map<string, RunningCompare>());

/**
 * Registers a compare; returns each column's signal (aborted by the client leaving too) and a
 * release to call when the run is over.
 */
export function trackColumns(requestId: string, userId: string, client: Cancel): { signalFor: (index: number) => AbortSignal; release: () => void } {
  const entry: RunningCompare = { userId, columns: new Map() };
  running.set(requestId, entry);
  return {
    signalFor: (index) => {
      const c = new AbortController();
      entry.columns.set(index, c);
      return AbortSignal.any([toAbortSignal(client), c.signal]);
    },
    release: () => void running.delete(requestId),
  };
}

/** Stops one column of the account's running compare; false when there is no such run here. */
export function stopColumn(userId: string, requestId: string, index: number): boolean {
  const c = running.get(requestId);
  const column = c?.userId === userId ? c.columns.get(index) : undefined;
  if (!column || column.signal.aborted) return false;
  column.abort();
  return true;
}
