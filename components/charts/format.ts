// Axis and tooltip formatters shared by the charts.
import { COST_DECIMALS } from "@/lib/billing/money";

export function bucketLabel(iso: string, granularity: "hour" | "day"): string {
  const d = new Date(iso);
  return granularity === "hour"
    ? `${String(d.getUTCHours()).padStart(2, "0")}:00`
    : d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

export function compactNumber(n: number): string {
  return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

/** Tooltip USD (float chart geometry): the dashboard's one cost precision. */
export function chartUsd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: COST_DECIMALS, maximumFractionDigits: COST_DECIMALS })}`;
}

/** A USD axis tick with as many decimals as the tick step needs (at least two): "$0.0004", "$1.50". */
export function usdTick(n: number, decimals: number): string {
  if (n === 0) return "$0";
  const d = Math.max(2, decimals);
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d })}`;
}

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  // A no-break space keeps "750 ms" on one line in SVG ticks and stat cards.
  return n >= 1000 ? `${(n / 1000).toFixed(2)}\u00a0s` : `${Math.round(n)}\u00a0ms`;
}

/** A latency axis tick: "0", "250 ms", "1.5 s" (no trailing zeros on round steps). */
export function msTick(n: number): string {
  if (n === 0) return "0";
  return n >= 1000 ? `${Number((n / 1000).toFixed(2))}\u00a0s` : `${Math.round(n)}\u00a0ms`;
}
