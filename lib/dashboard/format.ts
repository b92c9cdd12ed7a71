// Display helpers for dashboard pages: one date format everywhere, always in UTC (pages are
// server-rendered, and a browser's time zone would make the server and client disagree).
// Money display lives in lib/billing/money.ts (formatCostUsd, formatCredits, formatUsd).
import { formatCredits } from "@/lib/billing/money";

const common = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" } as const;
const dateTime = new Intl.DateTimeFormat("en-US", { ...common, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const dateTimeSeconds = new Intl.DateTimeFormat("en-US", {
  ...common, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
});
const dateOnly = new Intl.DateTimeFormat("en-US", common);

/** "Mar 3, 2026, 14:05 UTC"; with seconds "Mar 3, 2026, 14:05:09 UTC" (request logs). */
export function formatDateTime(date: Date | string, opts: { seconds?: boolean } = {}): string {
  const d = typeof date === "string" ? new Date(date) : date;
  return `${(opts.seconds ? dateTimeSeconds : dateTime).format(d)} UTC`;
}

/** A UTC day: "Mar 3, 2026", from a Date or a "2026-03-03" string. */
export function formatDay(day: Date | string): string {
  const d = typeof day === "string" ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : day) : day;
  return Number.isNaN(d.getTime()) ? String(day) : dateOnly.format(d);
}

/**
 * "+500.00" / "-0.12": a signed ledger amount in credits. `decimals` 4 matches the cost
 * precision (six decimals of USD) for usage lines.
 */
export function formatSignedCredits(units: bigint, decimals = 2): string {
  return units >= 0n ? `+${formatCredits(units, decimals)}` : formatCredits(units, decimals);
}
