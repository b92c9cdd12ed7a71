import { describe, expect, it } from "vitest";
import {
  MoneyError,
  UNITS_PER_CREDIT,
  UNITS_PER_USD,
  applyMarkupBps,
  centsToDollarsInput,
  formatCents,
  formatCostUsd,
  formatWholeCredits,
  moneyFields,
  centsToUnits,
  creditsToUnits,
  formatCredits,
  formatUsd,
  parseUsdAmount,
  unitsPerTokenToUsdPerMillion,
  unitsToCredits,
  unitsToCreditsNumber,
  unitsToUsdString,
  unitsToWholeCents,
  usdPerMillionToUnitsPerToken,
  usdToUnits,
} from "./money";

describe("constants", () => {
  it("1 USD = 1e12 units and 1 credit = 1 cent", () => {
    expect(UNITS_PER_USD).toBe(1_000_000_000_000n);
    expect(UNITS_PER_CREDIT).toBe(10_000_000_000n);
    expect(UNITS_PER_CREDIT * 100n).toBe(UNITS_PER_USD);
  });
});

describe("usdToUnits", () => {
  it("converts exactly", () => {
    expect(usdToUnits("2.50")).toBe(2_500_000_000_000n);
    expect(usdToUnits("0")).toBe(0n);
    expect(usdToUnits("0.000000000001")).toBe(1n);
    expect(usdToUnits("10000")).toBe(10_000n * UNITS_PER_USD);
    expect(usdToUnits("0.1")).toBe(100_000_000_000n); // where floats go wrong: 0.1 + 0.2
    expect(usdToUnits("0.1") + usdToUnits("0.2")).toBe(usdToUnits("0.3"));
    expect(usdToUnits("1.230000000000000")).toBe(1_230_000_000_000n); // trailing zeros ok
    expect(usdToUnits("123456789012345678.5")).toBe(123456789012345678_500_000_000_000n);
  });

  it.each(["", "-1", "1e3", "1.", ".5", " 1", "1,000", "$1", "0x10", "NaN", "Infinity", "1.0000000000001"])(
    "rejects %j",
    (bad) => {
      expect(() => usdToUnits(bad)).toThrow(MoneyError);
    },
  );

  it("round-trips through unitsToUsdString", () => {
    for (const s of ["0", "2.5", "0.000000000001", "1234.56789", "99999999.999999999999"]) {
      expect(unitsToUsdString(usdToUnits(s))).toBe(s);
    }
    expect(unitsToUsdString(-1n)).toBe("-0.000000000001");
  });
});

describe("usdPerMillionToUnitsPerToken", () => {
  it("converts USD per 1M tokens to units per token", () => {
    expect(usdPerMillionToUnitsPerToken("0.075")).toBe(75_000n);
    expect(usdPerMillionToUnitsPerToken("2.5")).toBe(2_500_000n);
    expect(usdPerMillionToUnitsPerToken("15")).toBe(15_000_000n);
    expect(usdPerMillionToUnitsPerToken("0.003625")).toBe(3_625n);
    expect(usdPerMillionToUnitsPerToken("0.000001")).toBe(1n);
    expect(usdPerMillionToUnitsPerToken("0")).toBe(0n);
  });

  it("matches the definition: 1M tokens at the price cost exactly that many USD", () => {
    for (const p of ["0.075", "2.5", "0.0028", "168", "0.01875"]) {
      expect(usdPerMillionToUnitsPerToken(p) * 1_000_000n).toBe(usdToUnits(p));
    }
  });

  it("rejects prices that are not whole units per token, or malformed", () => {
    expect(() => usdPerMillionToUnitsPerToken("0.0000001")).toThrow(MoneyError);
    expect(() => usdPerMillionToUnitsPerToken("-1")).toThrow(MoneyError);
    expect(() => usdPerMillionToUnitsPerToken("1e-7")).toThrow(MoneyError);
    expect(() => usdPerMillionToUnitsPerToken("0.30000000000000004")).toThrow(MoneyError);
  });

  it("inverts", () => {
    expect(unitsPerTokenToUsdPerMillion(75_000n)).toBe("0.075");
    expect(unitsPerTokenToUsdPerMillion(15_000_000n)).toBe("15");
  });
});

describe("credits", () => {
  it("converts credits to units", () => {
    expect(creditsToUnits(500)).toBe(5_000_000_000_000n);
    expect(creditsToUnits(500n)).toBe(5_000_000_000_000n);
    expect(creditsToUnits("0.5")).toBe(5_000_000_000n);
    expect(creditsToUnits("-3")).toBe(-30_000_000_000n);
    expect(creditsToUnits("0.0000000001")).toBe(1n);
  });

  it("refuses float credits and sub-unit strings", () => {
    expect(() => creditsToUnits(0.5)).toThrow(MoneyError);
    expect(() => creditsToUnits(Number.MAX_SAFE_INTEGER + 1)).toThrow(MoneyError);
    expect(() => creditsToUnits("0.00000000001")).toThrow(MoneyError);
    expect(() => creditsToUnits("abc")).toThrow(MoneyError);
  });

  it("converts units to exact credit strings", () => {
    expect(unitsToCredits(5_000_000_000_000n)).toBe("500");
    expect(unitsToCredits(1n)).toBe("0.0000000001");
    expect(unitsToCredits(12_345_678_900_000n)).toBe("1234.56789");
    expect(unitsToCredits(-25_000_000_000n)).toBe("-2.5");
    expect(unitsToCreditsNumber(12_345_678_900_000n)).toBe(1234.56789);
  });
});

describe("cents", () => {
  it("converts whole cents both ways and refuses fractions", () => {
    expect(centsToUnits(2000)).toBe(20n * UNITS_PER_USD);
    expect(unitsToWholeCents(usdToUnits("20.5"))).toBe(2050n);
    expect(() => unitsToWholeCents(usdToUnits("0.001"))).toThrow(MoneyError);
    expect(() => centsToUnits(1.5)).toThrow(MoneyError);
  });
});

describe("applyMarkupBps", () => {
  it("adds the markup and rounds it up to whole units", () => {
    expect(applyMarkupBps(1_000_000n, 500)).toBe(1_050_000n); // +5 %
    expect(applyMarkupBps(1n, 1)).toBe(2n); // 0.0001 units rounds up to 1
    expect(applyMarkupBps(123n, 0)).toBe(123n);
    expect(() => applyMarkupBps(1n, 1.5)).toThrow(MoneyError);
    expect(() => applyMarkupBps(-1n, 1)).toThrow(MoneyError);
  });
});

describe("formatCredits (floor)", () => {
  it("formats with two decimals and thousands separators", () => {
    expect(formatCredits(creditsToUnits(500))).toBe("500.00");
    expect(formatCredits(creditsToUnits("1234.57"))).toBe("1,234.57");
    expect(formatCredits(creditsToUnits("1234567.8"))).toBe("1,234,567.80");
    expect(formatCredits(0n)).toBe("0.00");
  });

  it("never shows more than the balance", () => {
    expect(formatCredits(creditsToUnits("1234.579"))).toBe("1,234.57");
    expect(formatCredits(creditsToUnits("0.009"))).toBe("0.00");
    expect(formatCredits(creditsToUnits(1) - 1n)).toBe("0.99");
    expect(formatCredits(-1n)).toBe("-0.01");
    expect(formatCredits(creditsToUnits("-2.001"))).toBe("-2.01");
  });

  it("supports other precisions", () => {
    expect(formatCredits(creditsToUnits("0.0042"), 4)).toBe("0.0042");
    expect(formatCredits(creditsToUnits("12.9"), 0)).toBe("12");
  });
});

describe("formatUsd", () => {
  it("formats dollars", () => {
    expect(formatUsd(usdToUnits("5"))).toBe("$5.00");
    expect(formatUsd(usdToUnits("1234.567"))).toBe("$1,234.56");
    expect(formatUsd(0n)).toBe("$0.00");
    expect(formatUsd(usdToUnits("0.01"))).toBe("$0.01");
    expect(formatUsd(-usdToUnits("0.5"))).toBe("-$0.50");
  });

  it("shows sub-cent amounts with three significant digits, floored", () => {
    expect(formatUsd(usdToUnits("0.000123"))).toBe("$0.000123");
    expect(formatUsd(usdToUnits("0.0001239"))).toBe("$0.000123");
    expect(formatUsd(usdToUnits("0.005"))).toBe("$0.005");
    expect(formatUsd(usdToUnits("0.00999999"))).toBe("$0.00999");
    expect(formatUsd(1n)).toBe("$0.000000000001");
    expect(formatUsd(-usdToUnits("0.0001231"))).toBe("-$0.000124");
  });
});

describe("parseUsdAmount", () => {
  it.each([
    ["20", "20"],
    ["20.5", "20.5"],
    ["20.50", "20.5"],
    [" 3 ", "3"],
    ["$1,000.00", "1000"],
    ["$ 10000", "10000"],
    ["0.99", "0.99"],
  ])("parses %j", (input, usd) => {
    expect(parseUsdAmount(input)).toBe(usdToUnits(usd));
  });

  it.each(["", "-5", "20.505", "1e3", "abc", "20,00", "1,0000", "$", "5 5", "20.", ".5", "Infinity"])(
    "rejects %j",
    (input) => {
      expect(() => parseUsdAmount(input)).toThrow(MoneyError);
    },
  );
});

describe("API money fields (SPEC §2)", () => {
  it("carries exact, ungrouped credits and integer units", () => {
    expect(moneyFields("balance", creditsToUnits("6370.33"))).toEqual({ balance_credits: "6370.33", balance_units: "63703300000000" });
    expect(moneyFields("cost", 1n)).toEqual({ cost_credits: "0.0000000001", cost_units: "1" });
    expect(moneyFields("cost", -creditsToUnits(1234))).toEqual({ cost_credits: "-1234", cost_units: "-12340000000000" });
  });
});

describe("display of cents and whole credits", () => {
  it("formats with the one display rule", () => {
    expect(formatCents(2000)).toBe("$20.00");
    expect(formatCents(123456)).toBe("$1,234.56");
    expect(centsToDollarsInput(2050)).toBe("20.5");
    expect(centsToDollarsInput(300)).toBe("3");
    expect(formatWholeCredits(2000)).toBe("2,000");
  });
});

describe("formatCostUsd (one cost precision on every page)", () => {
  it("shows six decimals, floored and grouped, and never shows a non-zero cost as zero", () => {
    expect(formatCostUsd(usdToUnits("0.000401"))).toBe("$0.000401");
    expect(formatCostUsd(usdToUnits("0.0002"))).toBe("$0.000200");
    expect(formatCostUsd(usdToUnits("1234.5678909"))).toBe("$1,234.567890");
    expect(formatCostUsd(0n)).toBe("$0.000000");
    expect(formatCostUsd(1n)).toBe("<$0.000001");
    expect(formatCostUsd(-usdToUnits("0.000401"))).toBe("-$0.000401");
  });
});
