// Latency histogram buckets (ms upper bounds). Must match switchyard_latency_bucket() in
// migration 20261126020100_usage: width_bucket returns i for BOUNDS[i-1] <= ms < BOUNDS[i].
export const LATENCY_BOUNDS = [10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000,
  7500, 10000, 15000, 20000, 30000, 60000] as const;

export const METRIC_LATENCY = 0;
export const METRIC_TTFT = 1;

/** [lower, upper) of a bucket index; the last bucket is open-ended (reported as its lower bound ×1.5). */
function bucketRange(bucket: number): [number, number] {
  const lower = bucket === 0 ? 0 : LATENCY_BOUNDS[bucket - 1]!;
  const upper = bucket < LATENCY_BOUNDS.length ? LATENCY_BOUNDS[bucket]! : lower * 1.5;
  return [lower, upper];
}

/**
 * Percentile (0..1) estimated from bucket counts by linear interpolation inside the bucket:
 * accurate to the bucket width (e.g. ±25 ms around 100 ms). Null when there is no data.
 */
export function percentileFromHistogram(counts: ReadonlyMap<number, number>, p: number): number | null {
  let total = 0;
  for (const c of counts.values()) total += c;
  if (total === 0) return null;
  const target = p * total;
  let seen = 0;
  const buckets = [...counts.keys()].sort((a, b) => a - b);
  for (const b of buckets) {
    const c = counts.get(b)!;
    if (seen + c >= target) {
      const [lo, hi] = bucketRange(b);
      return Math.round(lo + ((target - seen) / c) * (hi - lo));
    }
    seen += c;
  }
  return Math.round(bucketRange(buckets[buckets.length - 1]!)[1]);
}
