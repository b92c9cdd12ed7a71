// Every UTC day of a range, so a per-day chart shows the days without traffic as zero
// instead of leaving them out (which would make a quiet month look like three busy days).
import type { RangeValue } from "@/lib/queries/usage-keys";
import { resolveRange } from "@/lib/usage/range";

const DAY = 86_400_000;

/** The range's UTC days, oldest first ("2026-12-01"…); [] for a custom range that does not parse. */
export function daysOf(range: RangeValue, now = new Date()): string[] {
  let r: { start: Date; end: Date };
  try {
    r = resolveRange({ range: range.range, from: range.from, to: range.to }, now);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (let t = Math.floor(r.start.getTime() / DAY) * DAY; t < r.end.getTime(); t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * Per-day values over every day of the range (oldest first), zero where `byDay` has none.
 * Days present in `byDay` but outside `days` (a clock a day apart from the server's) are kept.
 */
export function fillDays<T>(days: string[], byDay: ReadonlyMap<string, T>, zero: (day: string) => T): T[] {
  const all = [...new Set([...days, ...byDay.keys()])].sort();
  return all.map((d) => byDay.get(d) ?? zero(d));
}
