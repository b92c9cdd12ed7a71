// The markup setting (SPEC §4): PRICE_MARKUP_BPS parses as an integer 0–10,000 (default 0),
// adds ceil(cost × bps / 10,000) to a cost, and never lets a reservation fall below its charge.
import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { billedPrice, markupBps, withMarkup } from "@/lib/billing/settlement/markup";
import type { PriceSnapshot } from "@/lib/catalog/pricing";

const saved = process.env.PRICE_MARKUP_BPS;
function setMarkup(value: string | undefined): void {
  if (value === undefined) delete process.env.PRICE_MARKUP_BPS;
  else process.env.PRICE_MARKUP_BPS = value;
  resetEnvForTests();
}
afterEach(() => setMarkup(saved));

describe("PRICE_MARKUP_BPS", () => {
  it("defaults to 0 and reads an integer in 0..10000", () => {
    setMarkup(undefined);
    expect(markupBps()).toBe(0);
    setMarkup("250");
    expect(markupBps()).toBe(250);
    setMarkup("10000");
    expect(markupBps()).toBe(10_000);
  });

  it.each(["-1", "10001", "2.5", "abc"])("refuses %s", (value) => {
    setMarkup(value);
    expect(() => env()).toThrow(/PRICE_MARKUP_BPS/);
  });
});

describe("withMarkup", () => {
  it("adds ceil(cost × bps / 10,000), to the unit", () => {
    expect(withMarkup(10_000n, 250)).toBe(10_250n); // exact
    expect(withMarkup(1n, 250)).toBe(2n); // 0.025 units rounds up to 1
    expect(withMarkup(39n, 250)).toBe(40n); // 0.975 → 1
    expect(withMarkup(40n, 250)).toBe(41n); // exactly 1
    expect(withMarkup(41n, 250)).toBe(43n); // 1.025 → 2
    expect(withMarkup(123_456_789_012n, 250)).toBe(123_456_789_012n + 3_086_419_726n); // 3,086,419,725.3 → …726
    expect(withMarkup(0n, 250)).toBe(0n);
    expect(withMarkup(999n, 0)).toBe(999n);
    expect(withMarkup(999n, 10_000)).toBe(1_998n);
  });

  it("reads the setting when no bps is given", () => {
    setMarkup("250");
    expect(withMarkup(10_000n)).toBe(10_250n);
    setMarkup(undefined);
    expect(withMarkup(10_000n)).toBe(10_000n);
  });

  it("is monotonic, so a reservation (marked-up worst case) is never below its charge (marked-up cost)", () => {
    let seed = 7n;
    for (let i = 0; i < 2_000; i++) {
      seed = (seed * 6_364_136_223_846_793_005n + 1_442_695_040_888_963_407n) % 2n ** 64n;
      const worst = seed % 10n ** 15n;
      const cost = worst - (seed >> 20n) % (worst + 1n);
      const bps = Number(seed % 10_001n);
      expect(withMarkup(cost, bps) <= withMarkup(worst, bps)).toBe(true);
    }
  });
});

describe("billedPrice", () => {
  it("is the catalog snapshot as JSON plus the markup", () => {
    const price: PriceSnapshot = {
      modelId: "sim/gpt", catalogVersion: "v1", inputPerToken: 150_000n, outputPerToken: 600_000n,
      cachedInputPerToken: null, cacheWritePerToken: 75_000n,
    };
    expect(billedPrice(price, 250)).toEqual({
      modelId: "sim/gpt", catalogVersion: "v1", inputPerToken: "150000", outputPerToken: "600000",
      cachedInputPerToken: null, cacheWritePerToken: "75000", markupBps: 250,
    });
  });
});
