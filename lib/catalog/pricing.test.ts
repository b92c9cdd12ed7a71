import { calcPrice } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import catalogJson from "./models.json";
import {
  catalogFileSchema,
  computeCost,
  getPrice,
  parsePriceSnapshot,
  serializePriceSnapshot,
  worstCaseCost,
  type CatalogEntry,
  type PriceSnapshot,
} from "./index";
import { REAL_MODELS } from "./source/real-models";

const file = catalogFileSchema.parse(catalogJson);

/**
 * Independent of lib/billing/money.ts: `tokens × price` in 1e-12 USD units straight from the
 * decimal string, as a fraction that must divide exactly. "0.075" = 75/10^3 USD per 10^6
 * tokens → tokens × 75 × 10^12 / (10^3 × 10^6) units.
 */
function expectedUnits(tokens: number, usdPerMillion: string): bigint {
  const [whole, fraction = ""] = usdPerMillion.split(".");
  const numerator = BigInt(tokens) * BigInt(whole + fraction) * 10n ** 12n;
  const denominator = 10n ** BigInt(fraction.length) * 10n ** 6n;
  expect(numerator % denominator, `${tokens} × ${usdPerMillion} is not whole units`).toBe(0n);
  return numerator / denominator;
}

function priceOf(model: CatalogEntry): PriceSnapshot {
  const price = getPrice(model);
  if (!price) throw new Error(`${model.id} has no price`);
  return price;
}

const USAGE = { prompt_tokens: 1_234_567, completion_tokens: 76_543, cached_tokens: 200_001, cache_write_tokens: 33_333 };

describe("computeCost is exactly tokens × price for every catalog model", () => {
  it.each(file.models.map((m) => [m.id, m] as const))("%s", (_id, model) => {
    const p = model.price;
    if (!p) throw new Error("unpriced model in the shipped catalog");
    const uncached = USAGE.prompt_tokens - USAGE.cached_tokens - USAGE.cache_write_tokens;
    const expected =
      expectedUnits(uncached, p.input) +
      expectedUnits(USAGE.cached_tokens, p.cachedInput ?? p.input) +
      expectedUnits(USAGE.cache_write_tokens, p.cacheWrite ?? p.input) +
      expectedUnits(USAGE.completion_tokens, p.output);
    expect(computeCost(priceOf(model), USAGE)).toBe(expected);

    // Plain usage, no cache fields: prompt × input + completion × output.
    const plain = { prompt_tokens: 1_000, completion_tokens: 1 };
    expect(computeCost(priceOf(model), plain)).toBe(expectedUnits(1_000, p.input) + expectedUnits(1, p.output));
  });
});

describe("agreement with the price package", () => {
  // Cross-check against the package's own (float) calculation for a usage below any tier
  // threshold. Time-of-day models are skipped: we deliberately bill the peak rate.
  const asOf = new Date(`${file.pricesAsOf}T12:00:00Z`);
  const usage = { prompt_tokens: 100_000, completion_tokens: 20_000, cached_tokens: 30_000, cache_write_tokens: 10_000 };
  const cases = REAL_MODELS.filter((spec) => !findNote(spec.id)?.includes("time-of-day")).map((spec) => [spec.id, spec] as const);

  function findNote(id: string): string | null | undefined {
    return file.models.find((m) => m.id === id)?.notes;
  }

  it.each(cases)("%s", (id, spec) => {
    const model = file.models.find((m) => m.id === id);
    if (!model) throw new Error(`${id} missing from models.json`);
    const result = calcPrice(
      {
        input_tokens: usage.prompt_tokens,
        cache_read_tokens: model.price?.cachedInput === null ? 0 : usage.cached_tokens,
        cache_write_tokens: model.price?.cacheWrite === null ? 0 : usage.cache_write_tokens,
        output_tokens: model.capabilities.includes("embeddings") ? 0 : usage.completion_tokens,
      },
      spec.upstreamModel,
      { providerId: spec.packageProvider, timestamp: asOf },
    );
    if (!result) throw new Error(`package has no price for ${id}`);
    const ours = computeCost(priceOf(model), {
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: model.capabilities.includes("embeddings") ? 0 : usage.completion_tokens,
      cached_tokens: model.price?.cachedInput === null ? 0 : usage.cached_tokens,
      cache_write_tokens: model.price?.cacheWrite === null ? 0 : usage.cache_write_tokens,
    });
    // Float vs exact: agree to a billionth of the total.
    expect(Math.abs(Number(ours) / 1e12 - result.total_price)).toBeLessThanOrEqual(result.total_price * 1e-9);
  });
});

describe("computeCost conventions", () => {
  const price: PriceSnapshot = {
    modelId: "x/y",
    catalogVersion: "v",
    inputPerToken: 3_000_000n,
    outputPerToken: 15_000_000n,
    cachedInputPerToken: null,
    cacheWritePerToken: null,
  };

  it("bills cached and cache-write tokens at the input price when the model has none", () => {
    expect(computeCost(price, { prompt_tokens: 10, completion_tokens: 0, cached_tokens: 4, cache_write_tokens: 6 })).toBe(30_000_000n);
  });

  it("refuses usage that breaks the prompt-includes-cache convention or is not integral", () => {
    expect(() => computeCost(price, { prompt_tokens: 5, completion_tokens: 0, cached_tokens: 6 })).toThrow(RangeError);
    expect(() => computeCost(price, { prompt_tokens: -1, completion_tokens: 0 })).toThrow(RangeError);
    expect(() => computeCost(price, { prompt_tokens: 1.5, completion_tokens: 0 })).toThrow(RangeError);
    expect(() => computeCost(price, { prompt_tokens: Number.NaN, completion_tokens: 0 })).toThrow(RangeError);
  });

  it("is zero for zero usage", () => {
    expect(computeCost(price, { prompt_tokens: 0, completion_tokens: 0 })).toBe(0n);
  });
});

describe("worstCaseCost", () => {
  // Deterministic pseudo-random splits (no Math.random in tests).
  function* splits(prompt: number, maxOut: number): Generator<{ prompt_tokens: number; completion_tokens: number; cached_tokens: number; cache_write_tokens: number }> {
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % (n + 1);
    };
    yield { prompt_tokens: prompt, completion_tokens: maxOut, cached_tokens: 0, cache_write_tokens: prompt };
    yield { prompt_tokens: prompt, completion_tokens: maxOut, cached_tokens: prompt, cache_write_tokens: 0 };
    yield { prompt_tokens: prompt, completion_tokens: maxOut, cached_tokens: 0, cache_write_tokens: 0 };
    for (let i = 0; i < 25; i++) {
      const cached = next(prompt);
      yield { prompt_tokens: prompt, completion_tokens: next(maxOut), cached_tokens: cached, cache_write_tokens: next(prompt - cached) };
    }
  }

  it.each(file.models.map((m) => [m.id, m] as const))("covers any real cost of the same prompt: %s", (_id, model) => {
    const price = priceOf(model);
    const prompt = 50_000;
    const maxOut = model.maxOutputTokens;
    const worst = worstCaseCost(price, prompt, maxOut);
    for (const usage of splits(prompt, maxOut)) expect(worst).toBeGreaterThanOrEqual(computeCost(price, usage));
    // And it is tight: an all-uncached prompt at full output length costs exactly the bound
    // unless a cache rate is dearer than input.
    const full = computeCost(price, { prompt_tokens: prompt, completion_tokens: maxOut });
    const dearerCache = (price.cacheWritePerToken ?? 0n) > price.inputPerToken || (price.cachedInputPerToken ?? 0n) > price.inputPerToken;
    if (!dearerCache) expect(worst).toBe(full);
  });

  it("rejects invalid token counts", () => {
    const price = priceOf(file.models[0]!);
    expect(() => worstCaseCost(price, -1, 10)).toThrow(RangeError);
    expect(() => worstCaseCost(price, 10, 0.5)).toThrow(RangeError);
  });
});

describe("price snapshot JSON", () => {
  it("round-trips through JSON with bigints as strings", () => {
    for (const model of file.models) {
      const snapshot = priceOf(model);
      const stored = JSON.parse(JSON.stringify(serializePriceSnapshot(snapshot)));
      expect(typeof stored.inputPerToken).toBe("string");
      expect(parsePriceSnapshot(stored)).toEqual(snapshot);
    }
  });

  it("rejects malformed stored snapshots", () => {
    const good = serializePriceSnapshot(priceOf(file.models[0]!));
    expect(() => parsePriceSnapshot({ ...good, inputPerToken: "1.5" })).toThrow();
    expect(() => parsePriceSnapshot({ ...good, outputPerToken: 5 })).toThrow();
    expect(() => parsePriceSnapshot(null)).toThrow();
  });
});
