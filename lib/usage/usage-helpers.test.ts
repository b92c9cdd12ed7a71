import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/usage/log-filters";
import { LATENCY_BOUNDS, percentileFromHistogram } from "@/lib/usage/latency-buckets";
import { bucketStarts, resolveRange } from "@/lib/usage/range";
import { csvCell } from "@/lib/usage/usage-csv";

describe("percentileFromHistogram", () => {
  it("is null without data and interpolates inside the bucket", () => {
    expect(percentileFromHistogram(new Map(), 0.5)).toBeNull();
    // 100 samples in bucket 5 = [100, 150): the median lands in the middle.
    expect(percentileFromHistogram(new Map([[5, 100]]), 0.5)).toBe(125);
    // 90 fast + 10 slow: p95 is in the slow bucket, p50 in the fast one.
    const h = new Map([[2, 90], [LATENCY_BOUNDS.indexOf(2000), 10]]);
    expect(percentileFromHistogram(h, 0.5)).toBeLessThan(50);
    expect(percentileFromHistogram(h, 0.95)).toBeGreaterThanOrEqual(1500);
  });
});

describe("resolveRange", () => {
  const now = new Date("2026-11-26T13:45:00Z");
  it("aligns presets to UTC hours and days", () => {
    const r = resolveRange({ range: "24h" }, now);
    expect(r.start.toISOString()).toBe("2026-11-25T14:00:00.000Z");
    expect(r.end.toISOString()).toBe("2026-11-26T14:00:00.000Z");
    expect(bucketStarts(r)).toHaveLength(24);
    const w = resolveRange({ range: "7d" }, now);
    expect(w.start.toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(bucketStarts(w)).toHaveLength(7);
  });
  it("custom: inclusive 'to', hourly up to 2 days, refuses impossible dates and huge spans", () => {
    expect(resolveRange({ range: "custom", from: "2026-11-01", to: "2026-11-01" }).granularity).toBe("hour");
    const bad = (q: Parameters<typeof resolveRange>[0]) => {
      try { resolveRange(q); return null; } catch (e) { return isAppError(e) ? e.param : "not an AppError"; }
    };
    expect(bad({ range: "custom", from: "2026-02-30", to: "2026-03-01" })).toBe("from");
    expect(bad({ range: "custom", from: "2020-01-01", to: "2026-01-01" })).toBe("to");
    expect(bad({ range: "custom", from: "2026-01-02", to: "2026-01-01" })).toBe("from");
    expect(bad({ range: "custom", from: "2026-01-02" })).toBe("to");
  });
});

describe("cursor and CSV", () => {
  it("round-trips a cursor and rejects forged ones", () => {
    const c = { createdAt: new Date("2026-11-26T01:02:03.456Z"), id: "req_abc" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    for (const bad of ["", "Zm9v", Buffer.from("2026-01-01|x|y").toString("base64url"), Buffer.from("nope|req_1").toString("base64url"),
      Buffer.from("2026-01-01T00:00:00Z|req'1").toString("base64url")]) {
      expect(() => decodeCursor(bad)).toThrow(/cursor/);
    }
  });
  it("quotes CSV cells and defuses spreadsheet formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(42)).toBe("42");
  });
});
