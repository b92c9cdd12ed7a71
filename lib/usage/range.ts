// Time ranges for dashboard queries: presets (24h, 7d, 30d) or a custom UTC date span.
// Everything is aligned to whole UTC hours because the rollups are hourly.
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const MAX_RANGE_DAYS = 366;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-26.");

export const rangeQuerySchema = z.object({
  range: z.enum(["24h", "7d", "30d", "custom"]).default("7d"),
  from: date.optional(),
  to: date.optional(),
});
export type RangeQuery = z.infer<typeof rangeQuerySchema>;

export type Granularity = "hour" | "day";
export type TimeRange = { start: Date; end: Date; granularity: Granularity };

function parseDay(s: string, param: string): Date {
  const d = new Date(`${s}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) {
    throw new AppError("invalid_request", `'${param}' is not a real date: ${s}.`, param);
  }
  return d;
}

/** Resolves a validated range query to [start, end) in UTC. */
export function resolveRange(q: RangeQuery, now = new Date()): TimeRange {
  const hourStart = Math.floor(now.getTime() / HOUR) * HOUR;
  const dayStart = Math.floor(now.getTime() / DAY) * DAY;
  if (q.range === "24h") return { start: new Date(hourStart - 23 * HOUR), end: new Date(hourStart + HOUR), granularity: "hour" };
  if (q.range === "7d") return { start: new Date(dayStart - 6 * DAY), end: new Date(dayStart + DAY), granularity: "day" };
  if (q.range === "30d") return { start: new Date(dayStart - 29 * DAY), end: new Date(dayStart + DAY), granularity: "day" };
  if (!q.from || !q.to) throw new AppError("invalid_request", "A custom range needs both 'from' and 'to' dates.", q.from ? "to" : "from");
  const start = parseDay(q.from, "from");
  const end = new Date(parseDay(q.to, "to").getTime() + DAY); // 'to' is inclusive
  if (end <= start) throw new AppError("invalid_request", "'from' must not be after 'to'.", "from");
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY) {
    throw new AppError("invalid_request", `A range can span at most ${MAX_RANGE_DAYS} days.`, "to");
  }
  return { start, end, granularity: end.getTime() - start.getTime() <= 2 * DAY ? "hour" : "day" };
}

/** Every bucket start in the range, so charts show zero days instead of gaps. */
export function bucketStarts(r: TimeRange): Date[] {
  const step = r.granularity === "hour" ? HOUR : DAY;
  const out: Date[] = [];
  for (let t = r.start.getTime(); t < r.end.getTime(); t += step) out.push(new Date(t));
  return out;
}
