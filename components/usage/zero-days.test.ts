import { describe, expect, it } from "vitest";
import { daysOf, fillDays } from "./zero-days";

const now = new Date("2026-12-06T13:00:00Z");

describe("daysOf", () => {
  it("lists every UTC day of a preset or custom range, oldest first", () => {
    expect(daysOf({ range: "7d" }, now)).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(daysOf({ range: "30d" }, now)).toHaveLength(30);
    expect(daysOf({ range: "24h" }, now)).toEqual(["2026-12-05", "2026-12-06"]);
    expect(daysOf({ range: "custom", from: "2026-02-27", to: "2026-03-01" }, now)).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(daysOf({ range: "custom", from: "2026-02-30", to: "2026-03-01" }, now)).toEqual([]);
  });
});

describe("fillDays", () => {
  it("puts zero on quiet days and keeps every day with data", () => {
    const byDay = new Map([["2026-12-02", 5], ["2026-12-07", 1]]);
    expect(fillDays(["2026-12-01", "2026-12-02", "2026-12-03"], byDay, () => 0)).toEqual([0, 5, 0, 1]);
  });
});
