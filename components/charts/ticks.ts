// Round y-axis ticks: steps of 1, 2 or 5 × 10^k from zero, so axes read "0, 0.0002, 0.0004"
// or "0, 5, 10, 15" instead of whatever fractions recharts' own domain padding produces.

export type NiceScale = {
  /** Tick values from 0 to `top` inclusive. */
  ticks: number[];
  top: number;
  /** Decimal places that show every tick exactly (0 for whole steps). */
  decimals: number;
};

/** About `count` intervals covering [0, max]; whole steps only when `integer`. */
export function niceScale(max: number, count = 4, integer = false): NiceScale {
  if (!Number.isFinite(max) || max <= 0) return { ticks: [0, 1], top: 1, decimals: 0 };
  // d3's rule: the power of ten below the raw step, times 1, 2, 5 or 10, whichever is nearest.
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const error = raw / magnitude;
  let step = magnitude * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1);
  if (integer) step = Math.max(1, Math.round(step));
  // Rounded to the step's own precision so 0.1 + 0.2 style float noise never shows in a label.
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const intervals = Math.max(1, Math.ceil(max / step - 1e-9));
  const ticks = Array.from({ length: intervals + 1 }, (_, i) => Number((i * step).toFixed(decimals)));
  return { ticks, top: ticks[ticks.length - 1]!, decimals };
}

/** The largest stacked total of any bucket (the height a stacked bar chart must show). */
export function stackedMax(data: ReadonlyArray<Record<string, unknown>>, keys: readonly string[]): number {
  let max = 0;
  for (const d of data) {
    let sum = 0;
    for (const k of keys) {
      const v = d[k];
      if (typeof v === "number") sum += v;
    }
    max = Math.max(max, sum);
  }
  return max;
}

/** The largest value of any of `keys` in any bucket (line charts). */
export function seriesMax(data: ReadonlyArray<Record<string, unknown>>, keys: readonly string[]): number {
  let max = 0;
  for (const d of data) {
    for (const k of keys) {
      const v = d[k];
      if (typeof v === "number" && v > max) max = v;
    }
  }
  return max;
}
