// Axis and tooltip formatters shared by the charts.
export function bucketLabel(iso: string, granularity: "hour" | "day"): string {
  const d = new Date(iso);
  return granularity === "hour"
    ? `${String(d.getUTCHours()).padStart(2, "0")}:00`
    : d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

export function compactNumber(n: number): string {
  return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

export function chartUsd(n: number): string {
  if (n === 0) return "$0";
  if (n < 0.01) return `$${n.toPrecision(2)}`;
  return `$${n.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
}

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  // A no-break space keeps "750 ms" on one line in SVG ticks and stat cards.
  return n >= 1000 ? `${(n / 1000).toFixed(2)}\u00a0s` : `${Math.round(n)}\u00a0ms`;
}
