import { describe, expect, it } from "vitest";
import { formatDateTime, formatDay, formatSignedCredits } from "@/lib/dashboard/format";
import { creditsToUnits } from "@/lib/billing/money";

describe("dashboard date format (one format on every page, UTC)", () => {
  const at = new Date("2026-03-03T14:05:09.500Z");
  it("formats times with the year and UTC, seconds where logs need them", () => {
    expect(formatDateTime(at)).toBe("Mar 3, 2026, 14:05 UTC");
    expect(formatDateTime(at.toISOString(), { seconds: true })).toBe("Mar 3, 2026, 14:05:09 UTC");
  });
  it("formats UTC days the same way, from dates or YYYY-MM-DD", () => {
    expect(formatDay("2026-12-06")).toBe("Dec 6, 2026");
    expect(formatDay(new Date("2026-12-06T23:59:00Z"))).toBe("Dec 6, 2026");
    expect(formatDay("not a day")).toBe("not a day");
  });
  it("signs ledger credits, with the cost precision for usage lines", () => {
    expect(formatSignedCredits(creditsToUnits(500))).toBe("+500.00");
    expect(formatSignedCredits(-creditsToUnits("0.0999"), 4)).toBe("-0.0999");
  });
});
