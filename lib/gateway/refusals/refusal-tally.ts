// Refusals that come in floods are counted, not logged one by one: the rate limits' 429s
// (lib/limits: requests, tokens, concurrency), and every refusal while the charge writer's
// backlog is full (the database is not keeping up). Per key, status and minute, in memory: the
// first refused call's row, plus a count. Once the minute is over (and at shutdown, lib/server)
// each tally is ONE log-only row through billing's charge writer, with `refused_count` = the
// count — so 1,000 refusals in a minute are one row and one insert, whatever the flood. The
// rollup triggers add refused_count, not 1 (migration 20261206140000_refusal_aggregation).
//
// The row is the first refusal's: its id (the x-request-id that client got), time, endpoint,
// requested model, error class, message and the error body it was answered; its latency is
// the mean of the minute's. It stores no request body (holding one per key for a minute is
// memory a flood must not cost). Per process: two processes refusing one key in one minute
// write a row each.
import { enqueueCharge } from "@/lib/billing/settlement/charge-writer";
import type { RequestLogRow } from "@/lib/observability/request-log";
import { processSingleton } from "@/lib/shared-state";

const MINUTE_MS = 60_000;

type Tally = { row: RequestLogRow; minute: number; count: number; latencySumMs: number };
type State = { tallies: Map<string, Tally>; timer: NodeJS.Timeout | null };

const state = processSingleton<State>("refusalTallies", () => ({ tallies: new Map(), timer: null }));

/** Counts one refused call (`row`: its log row, built after the response) in its key's minute. */
export function tallyRefusal(row: RequestLogRow): void {
  const minute = Math.floor(row.createdAt.getTime() / MINUTE_MS);
  const id = `${row.apiKeyId ?? ""}\u0000${row.status}\u0000${minute}`;
  const t = state.tallies.get(id);
  if (t) {
    t.count++;
    t.latencySumMs += row.latencyMs;
    return;
  }
  state.tallies.set(id, { row: Object.assign({}, row, { requestBody: null }), minute, count: 1, latencySumMs: row.latencyMs });
  state.timer ??= setTimeout(onMinuteOver, MINUTE_MS - (Date.now() % MINUTE_MS) + 50).unref();
}

function onMinuteOver(): void {
  state.timer = null;
  flushRefusalTallies();
  if (state.tallies.size > 0) state.timer = setTimeout(onMinuteOver, MINUTE_MS - (Date.now() % MINUTE_MS) + 50).unref();
}

/**
 * Queues one row per finished minute's tally (`all`: the current minute's too — shutdown,
 * tests). Returns how many rows it queued; flushCharges writes them.
 */
export function flushRefusalTallies(opts: { all?: boolean } = {}, now = Date.now()): number {
  const current = Math.floor(now / MINUTE_MS);
  let rows = 0;
  for (const [id, t] of state.tallies) {
    if (!opts.all && t.minute >= current) continue;
    state.tallies.delete(id);
    const log = t.row;
    log.refusedCount = t.count;
    log.latencyMs = t.latencySumMs / t.count;
    enqueueCharge({ log, charge: 0n });
    rows++;
  }
  return rows;
}

/** Refusals counted and not yet queued (tests, metrics). */
export function pendingRefusals(): number {
  let n = 0;
  for (const t of state.tallies.values()) n += t.count;
  return n;
}
