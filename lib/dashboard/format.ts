// Display helpers for dashboard pages (server-rendered, so times are shown in UTC).
import { formatCredits } from "@/lib/billing/money";

const dateTime = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

/** "Mar 3, 2026, 14:05 UTC" */
export function formatDateTime(date: Date): string {
  return `${dateTime.format(date)} UTC`;
}

/** "+500.00" / "-0.12": a signed ledger amount in credits. */
export function formatSignedCredits(units: bigint): string {
  return units >= 0n ? `+${formatCredits(units)}` : formatCredits(units);
}
