// Display helpers for the replay lab: costs at the dashboard's one precision, credits, percents.
import { formatCostUsd, formatCredits } from "@/lib/billing/money";

const units = (s: string | null | undefined): bigint => (s && /^-?\d+$/.test(s) ? BigInt(s) : 0n);

export const cost = (u: string | null | undefined): string => formatCostUsd(units(u));
export const credits = (u: string | null | undefined): string => formatCredits(units(u), 4);
/** USD as a number for charts only (never for arithmetic). */
export const usdNumber = (u: string | null | undefined): number => Number(units(u)) / 1e12;

export function percent(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

export function latency(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms} ms`;
}

export function when(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" }) + " UTC";
}

/** "3 answer not stored, 1 body truncated" (empty when nothing was skipped). */
export function skippedText(skipped: Record<string, number>, labels: Record<string, string>): string {
  return Object.entries(skipped).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${labels[k] ?? k}`).join(", ");
}
