// Recent per-model figures in this process: the last outcomes of each model (success, total
// latency, time to first token) over the last 5 minutes. Read by Mesh `latency` ordering
// (lib/orchestration) and by the `auto` picker (lib/routing/auto); written once per chat
// request that reached a provider (lib/gateway/chat/finalize.ts).
//
// Memory is bounded: a ring buffer of the last RING_SIZE outcomes per model (parallel typed
// arrays, allocated once per model), so recording is O(1) with no allocation. Reading sorts at
// most RING_SIZE numbers and is memoised per model until the next record or for MEMO_MS.
import { processSingleton } from "@/lib/shared-state";

export const MODEL_STATS_WINDOW_MS = 5 * 60_000;
const RING_SIZE = 200;
/** A read without a new record meanwhile reuses the figures this long (only the window edge moves). */
const MEMO_MS = 1_000;

export type ModelStats = {
  /** Outcomes within the window. */
  samples: number;
  /** Median total latency of the successful calls (ms); null without any. */
  p50LatencyMs: number | null;
  /** Median time to first token of the successful streamed calls (ms); null without any. */
  p50TtftMs: number | null;
  /** Share of successful outcomes (0–1); null without samples. */
  successRate: number | null;
};

type Ring = {
  at: Float64Array;
  latency: Float64Array;
  /** NaN = no first token measured (non-streamed call, or a failure). */
  ttft: Float64Array;
  ok: Uint8Array;
  /** Next slot to write. */
  next: number;
  /** Slots written so far, up to RING_SIZE. */
  size: number;
  memo: { stats: ModelStats; computedAt: number } | null;
};

const rings = processSingleton("modelStats", () => new Map<string, Ring>());

function newRing(): Ring {
  return {
    at: new Float64Array(RING_SIZE), latency: new Float64Array(RING_SIZE), ttft: new Float64Array(RING_SIZE),
    ok: new Uint8Array(RING_SIZE), next: 0, size: 0, memo: null,
  };
}

/** Records one outcome of a call that reached `modelId`'s provider. O(1), no allocation after the first. */
export function recordModelOutcome(
  modelId: string, ok: boolean, latencyMs: number, ttftMs: number | null, now = Date.now(),
): void {
  let ring = rings.get(modelId);
  if (ring === undefined) rings.set(modelId, (ring = newRing()));
  const i = ring.next;
  ring.at[i] = now;
  ring.latency[i] = latencyMs;
  ring.ttft[i] = ttftMs ?? Number.NaN;
  ring.ok[i] = ok ? 1 : 0;
  ring.next = (i + 1) % RING_SIZE;
  if (ring.size < RING_SIZE) ring.size++;
  ring.memo = null;
}

const EMPTY: ModelStats = { samples: 0, p50LatencyMs: null, p50TtftMs: null, successRate: null };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >>> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

function compute(ring: Ring, now: number): ModelStats {
  const since = now - MODEL_STATS_WINDOW_MS;
  const latencies: number[] = [];
  const ttfts: number[] = [];
  let samples = 0;
  let oks = 0;
  for (let i = 0; i < ring.size; i++) {
    if (ring.at[i]! < since || ring.at[i]! > now) continue;
    samples++;
    if (ring.ok[i] !== 1) continue;
    oks++;
    latencies.push(ring.latency[i]!);
    const t = ring.ttft[i]!;
    if (!Number.isNaN(t)) ttfts.push(t);
  }
  if (samples === 0) return EMPTY;
  return { samples, p50LatencyMs: median(latencies), p50TtftMs: median(ttfts), successRate: oks / samples };
}

/** `modelId`'s figures over the last 5 minutes (only the outcomes this process saw). */
export function modelStats(modelId: string, now = Date.now()): ModelStats {
  const ring = rings.get(modelId);
  if (ring === undefined) return EMPTY;
  const memo = ring.memo;
  if (memo !== null && now >= memo.computedAt && now - memo.computedAt < MEMO_MS) return memo.stats;
  const stats = compute(ring, now);
  ring.memo = { stats, computedAt: now };
  return stats;
}

/** Test hook: forget every model's figures. */
export function resetModelStatsForTests(): void {
  rings.clear();
}
