import { describe, expect, it } from "vitest";
import { floatToDecimalString } from "./decimal";

describe("floatToDecimalString", () => {
  it.each([
    [0.075, "0.075"],
    [2.5, "2.5"],
    [15, "15"],
    [0, "0"],
    [0.0028, "0.0028"],
    [0.003625, "0.003625"],
    [0.01875, "0.01875"],
    [1e-7, "0.0000001"],
    [1.5e-7, "0.00000015"],
    [2.5e21, "2500000000000000000000"],
    [0.1 + 0.2, "0.30000000000000004"],
  ])("%d → %s", (value, text) => {
    expect(floatToDecimalString(value)).toBe(text);
  });

  it("rejects negative and non-finite numbers", () => {
    expect(() => floatToDecimalString(-1)).toThrow(RangeError);
    expect(() => floatToDecimalString(Number.NaN)).toThrow(RangeError);
    expect(() => floatToDecimalString(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
