import { describe, expect, it } from "vitest";
import { niceScale, seriesMax, stackedMax } from "./ticks";

describe("niceScale", () => {
  it("gives round steps of 1, 2 or 5 × 10^k from zero", () => {
    expect(niceScale(7, 4, true)).toEqual({ ticks: [0, 2, 4, 6, 8], top: 8, decimals: 0 });
    expect(niceScale(0.000999)).toEqual({ ticks: [0, 0.0002, 0.0004, 0.0006, 0.0008, 0.001], top: 0.001, decimals: 4 });
    expect(niceScale(0.00093).ticks).toEqual([0, 0.0002, 0.0004, 0.0006, 0.0008, 0.001]);
    expect(niceScale(983).ticks).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceScale(430).ticks).toEqual([0, 100, 200, 300, 400, 500]);
  });

  it("never shows fractional ticks for counts, and copes with empty data", () => {
    expect(niceScale(1, 4, true).ticks).toEqual([0, 1]);
    expect(niceScale(3, 4, true).ticks).toEqual([0, 1, 2, 3]);
    expect(niceScale(0, 4, true)).toEqual({ ticks: [0, 1], top: 1, decimals: 0 });
  });

  it("has no float noise in tick values", () => {
    for (const t of niceScale(0.7).ticks) expect(String(t)).toMatch(/^\d+(\.\d{1,2})?$/);
  });
});

describe("chart maxima", () => {
  const data = [{ label: "a", x: 1, y: 2 }, { label: "b", x: 4 }, { label: "c" }];
  it("sums stacks and finds line peaks", () => {
    expect(stackedMax(data, ["x", "y"])).toBe(4);
    expect(stackedMax([{ x: 1, y: 2 }], ["x", "y"])).toBe(3);
    expect(seriesMax(data, ["x", "y"])).toBe(4);
  });
});
