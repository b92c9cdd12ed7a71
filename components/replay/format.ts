// Display helpers for the replay lab: costs at the dashboard's one precision, credits, percents.
import { classLabel } from "@/components/optimization/format";
import { formatCostUsd, formatCredits } from "@/lib/billing/money";
import type { ReplayFilters } from "./types";

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

/** "model sim/claude · endpoint messages · class Code · key batch jobs" (empty: the whole window). */
export function filtersText(f: ReplayFilters | undefined, keyName: (id: string) => string): string {
  if (!f) return "";
  const parts: string[] = [];
  if (f.model) parts.push(`model ${f.model}`);
  if (f.endpoint) parts.push(`endpoint ${f.endpoint}`);
  if (f.request_class) parts.push(`class ${classLabel(f.request_class)}`);
  if (f.key_id) parts.push(`key ${keyName(f.key_id)}`);
  return parts.join(" · ");
}
