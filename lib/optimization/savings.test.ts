// The savings arithmetic against figures computed by hand (units = 1e-12 USD).
import { describe, expect, it } from "vitest";
import type { PriceSnapshot } from "@/lib/catalog";
import { groupSavings, loggedSpanDays, perMonth, pricedCost } from "./savings";

const price = (modelId: string, input: bigint, output: bigint, cached: bigint | null): PriceSnapshot => ({
  modelId, catalogVersion: "test", inputPerToken: input, outputPerToken: output, cachedInputPerToken: cached, cacheWritePerToken: null,
});
// $1 / $5 per M tokens (cached $0.10), and $0.10 / $0.40 (cached $0.025): units per token.
const DEAR = price("dear", 1_000_000n, 5_000_000n, 100_000n);
const CHEAP = price("cheap", 100_000n, 400_000n, 25_000n);
const DEAR_SHARE = { model: "dear", price: DEAR, inputTokens: 30_000, outputTokens: 12_000, cachedTokens: 6_000, costUnits: 1n };

describe("pricedCost", () => {
  it("prices uncached, cached and output tokens separately", () => {
    // 24,000 × 1e6 + 6,000 × 1e5 + 12,000 × 5e6 = 24e9 + 0.6e9 + 60e9
    expect(pricedCost(DEAR, DEAR_SHARE, 0)).toBe(84_600_000_000n);
    // 24,000 × 1e5 + 6,000 × 25,000 + 12,000 × 4e5 = 2.4e9 + 0.15e9 + 4.8e9
    expect(pricedCost(CHEAP, DEAR_SHARE, 0)).toBe(7_350_000_000n);
  });
  it("adds the markup, rounded up to the unit", () => {
    // 84.6e9 × 2.5 % = 2.115e9 exactly; 7.35e9 × 2.5 % = 183,750,000
    expect(pricedCost(DEAR, DEAR_SHARE, 250)).toBe(86_715_000_000n);
    expect(pricedCost(CHEAP, DEAR_SHARE, 250)).toBe(7_533_750_000n);
    // 1 unit × 2.5 % rounds up to 1 unit.
    expect(pricedCost(price("x", 1n, 0n, null), { inputTokens: 1, outputTokens: 0, cachedTokens: 0 }, 250)).toBe(2n);
  });
});

describe("groupSavings", () => {
  it("projects the difference to 30 days from the logged span", () => {
    const s = groupSavings([DEAR_SHARE], CHEAP, 0, 6);
    expect(s).toEqual({
      currentUnits: 84_600_000_000n, candidateUnits: 7_350_000_000n, savingsUnits: 77_250_000_000n,
      // ×30/6 = ×5
      monthlyCurrentUnits: 423_000_000_000n, monthlyCandidateUnits: 36_750_000_000n, monthlySavingsUnits: 386_250_000_000n,
    });
  });
  it("truncates a projection that does not divide evenly (never overstates)", () => {
    const s = groupSavings([DEAR_SHARE], CHEAP, 250, 7);
    // (86,715,000,000 − 7,533,750,000) × 30 / 7 = 2,375,437,500,000 / 7 = 339,348,214,285.7…
    expect(s.savingsUnits).toBe(79_181_250_000n);
    expect(s.monthlySavingsUnits).toBe(339_348_214_285n);
    expect(s.monthlyCurrentUnits).toBe(371_635_714_285n);
    expect(s.monthlyCandidateUnits).toBe(32_287_500_000n);
  });
  it("sums several models of a group; an unpriced one counts at what it was charged", () => {
    const other = { model: "gone", price: null, inputTokens: 1_000, outputTokens: 1_000, cachedTokens: 0, costUnits: 5_000_000_000n };
    const s = groupSavings([DEAR_SHARE, other], CHEAP, 0, 30);
    expect(s.currentUnits).toBe(84_600_000_000n + 5_000_000_000n);
    // Candidate on all tokens: 25,000 × 1e5 + 6,000 × 25,000 + 13,000 × 4e5 = 2.5e9 + 0.15e9 + 5.2e9
    expect(s.candidateUnits).toBe(7_850_000_000n);
    expect(s.monthlySavingsUnits).toBe(81_750_000_000n); // 30 of 30 days: ×1
  });
  it("a dearer candidate has negative savings", () => {
    const s = groupSavings([{ ...DEAR_SHARE, model: "cheap", price: CHEAP }], DEAR, 0, 30);
    expect(s.savingsUnits).toBe(-77_250_000_000n);
    expect(s.monthlySavingsUnits).toBe(-77_250_000_000n);
  });
});

describe("loggedSpanDays / perMonth", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  it("counts whole days since the first request, within 1 … window", () => {
    expect(loggedSpanDays(new Date("2026-12-06T11:00:00Z"), now, 30)).toBe(1);
    expect(loggedSpanDays(new Date("2026-12-01T12:00:00Z"), now, 30)).toBe(5);
    expect(loggedSpanDays(new Date("2026-12-01T11:59:00Z"), now, 30)).toBe(6);
    expect(loggedSpanDays(new Date("2026-10-01T00:00:00Z"), now, 30)).toBe(30);
  });
  it("scales exactly", () => {
    expect(perMonth(7n, 3)).toBe(70n);
    expect(perMonth(1_000_000_000_000n, 30)).toBe(1_000_000_000_000n);
  });
});
