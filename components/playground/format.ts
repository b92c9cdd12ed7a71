// Display formatting for the playground (money goes through lib/billing/money.ts).
import { formatCostUsd } from "@/lib/billing/money";

/** A charged amount (integer units string from an event) as "$0.000123". */
export function costText(units: string | null | undefined): string {
  if (!units || !/^\d+$/.test(units)) return "—";
  return formatCostUsd(BigInt(units));
}

export function msText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function tokensText(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : n.toLocaleString("en-US");
}

/** 128000 → "128K", 1048576 → "1M". */
export function contextText(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_048_576).toFixed(1)).toString().replace(/\.0$/, "")}M`;
  return `${Math.round(tokens / 1000)}K`;
}

/** A USD-per-million price string ("0.5") as "$0.50". */
export function priceText(usdPerM: string | null): string {
  if (usdPerM === null) return "—";
  const n = Number(usdPerM);
  return `$${n < 0.01 && n > 0 ? usdPerM : n.toFixed(2)}`;
}

export function relativeTime(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString("en-US", { month: "short", day: "numeric" });
}
