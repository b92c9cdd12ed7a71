import { describe, expect, it } from "vitest";
import { SERIES_COLORS, modelColors } from "./palette";

describe("modelColors", () => {
  it("gives a model the same colour in every chart, and Other the neutral one", () => {
    // Spend order first, then models only the requests chart names.
    const colorOf = modelColors(["sim/claude", "sim/gpt", "Other", "sim/gpt", "sim/fast"], "Other");
    expect(colorOf("sim/claude")).toBe(SERIES_COLORS[0]);
    expect(colorOf("sim/gpt")).toBe(SERIES_COLORS[1]);
    expect(colorOf("sim/fast")).toBe(SERIES_COLORS[2]);
    expect(colorOf("Other")).toBe(SERIES_COLORS[SERIES_COLORS.length - 1]);
    expect(new Set(["sim/claude", "sim/gpt", "sim/fast"].map(colorOf)).has(colorOf("Other"))).toBe(false);
  });
});
