// Exact cost arithmetic on integer money units (1e-12 USD, see lib/billing/money.ts).
//
// Usage convention (OpenAI's): `prompt_tokens` is the WHOLE prompt and INCLUDES
// `cached_tokens` (read from the provider's cache) and `cache_write_tokens` (written to it).
// Adapters for providers that report them separately (Anthropic's input_tokens excludes
// cache reads/writes) must add them back into prompt_tokens. So:
//
//   cost = (prompt − cached − cacheWrite) × input
//        + cached     × (cachedInput ?? input)
//        + cacheWrite × (cacheWrite  ?? input)
//        + completion × output
//
// Reasoning tokens are part of completion_tokens. Markup is applied by billing, not here.
import { z } from "zod";
import { usdPerMillionToUnitsPerToken } from "@/lib/billing/money";
import type { Usage } from "@/lib/providers/types";
import type { CatalogEntry } from "./schema";

/** The price a request is billed at: units (1e-12 USD) per token, plus where it came from. */
export type PriceSnapshot = {
  modelId: string;
  catalogVersion: string;
  inputPerToken: bigint;
  outputPerToken: bigint;
  /** Null = the provider has no cached-input price; cached tokens bill at inputPerToken. */
  cachedInputPerToken: bigint | null;
  /** Null = no cache-write price; cache writes bill at inputPerToken. */
  cacheWritePerToken: bigint | null;
};

export type TokenUsage = Pick<Usage, "prompt_tokens" | "completion_tokens" | "cached_tokens" | "cache_write_tokens">;

/** Thrown when asked to bill a model that has no price: it must be refused, never free. */
export class UnpricedModelError extends Error {
  constructor(readonly modelId: string) {
    super(`Model ${modelId} has no price and cannot be billed`);
    this.name = "UnpricedModelError";
  }
}

export function priceSnapshotFor(entry: CatalogEntry, catalogVersion: string): PriceSnapshot | null {
  if (!entry.price) return null;
  const { input, output, cachedInput, cacheWrite } = entry.price;
  return {
    modelId: entry.id,
    catalogVersion,
    inputPerToken: usdPerMillionToUnitsPerToken(input),
    outputPerToken: usdPerMillionToUnitsPerToken(output),
    cachedInputPerToken: cachedInput === null ? null : usdPerMillionToUnitsPerToken(cachedInput),
    cacheWritePerToken: cacheWrite === null ? null : usdPerMillionToUnitsPerToken(cacheWrite),
  };
}

function tokens(value: number | undefined, field: string): bigint {
  if (value === undefined) return 0n;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`usage.${field} must be a non-negative integer, got ${value}`);
  }
  return BigInt(value);
}

/**
 * Exact cost in units. Throws RangeError on negative/fractional counts, or when cached +
 * cache-write tokens exceed prompt_tokens (an adapter that broke the convention above).
 */
export function computeCost(price: PriceSnapshot, usage: TokenUsage): bigint {
  const prompt = tokens(usage.prompt_tokens, "prompt_tokens");
  const completion = tokens(usage.completion_tokens, "completion_tokens");
  const cached = tokens(usage.cached_tokens, "cached_tokens");
  const written = tokens(usage.cache_write_tokens, "cache_write_tokens");
  const uncached = prompt - cached - written;
  if (uncached < 0n) {
    throw new RangeError("usage: cached_tokens + cache_write_tokens exceed prompt_tokens (prompt_tokens must include them)");
  }
  return (
    uncached * price.inputPerToken +
    cached * (price.cachedInputPerToken ?? price.inputPerToken) +
    written * (price.cacheWritePerToken ?? price.inputPerToken) +
    completion * price.outputPerToken
  );
}

/**
 * The most a request with `promptTokens` prompt tokens and at most `maxOutputTokens`
 * completion tokens can cost, whatever the provider's cache does: every prompt token is
 * billed at the dearest prompt rate (cache writes usually cost more than plain input).
 * Used to reserve credits before the call.
 */
export function worstCaseCost(price: PriceSnapshot, promptTokens: number, maxOutputTokens: number): bigint {
  const prompt = tokens(promptTokens, "prompt_tokens");
  const completion = tokens(maxOutputTokens, "max_output_tokens");
  let promptRate = price.inputPerToken;
  for (const rate of [price.cachedInputPerToken, price.cacheWritePerToken]) {
    if (rate !== null && rate > promptRate) promptRate = rate;
  }
  return prompt * promptRate + completion * price.outputPerToken;
}

// ---------- JSON form for request logs (bigints as decimal strings) ----------

const unitsString = z.string().regex(/^\d+$/);

export const priceSnapshotJsonSchema = z.strictObject({
  modelId: z.string(),
  catalogVersion: z.string(),
  inputPerToken: unitsString,
  outputPerToken: unitsString,
  cachedInputPerToken: unitsString.nullable(),
  cacheWritePerToken: unitsString.nullable(),
  /** Markup (basis points) billing added on top; written by lib/billing/settlement/markup.ts. */
  markupBps: z.number().int().min(0).max(10_000).optional(),
});
export type PriceSnapshotJson = z.infer<typeof priceSnapshotJsonSchema>;

export function serializePriceSnapshot(price: PriceSnapshot): PriceSnapshotJson {
  return {
    modelId: price.modelId,
    catalogVersion: price.catalogVersion,
    inputPerToken: price.inputPerToken.toString(),
    outputPerToken: price.outputPerToken.toString(),
    cachedInputPerToken: price.cachedInputPerToken?.toString() ?? null,
    cacheWritePerToken: price.cacheWritePerToken?.toString() ?? null,
  };
}

/** Inverse of serializePriceSnapshot; validates (e.g. a request log read back for replay). */
export function parsePriceSnapshot(json: unknown): PriceSnapshot {
  const parsed = priceSnapshotJsonSchema.parse(json);
  return {
    modelId: parsed.modelId,
    catalogVersion: parsed.catalogVersion,
    inputPerToken: BigInt(parsed.inputPerToken),
    outputPerToken: BigInt(parsed.outputPerToken),
    cachedInputPerToken: parsed.cachedInputPerToken === null ? null : BigInt(parsed.cachedInputPerToken),
    cacheWritePerToken: parsed.cacheWritePerToken === null ? null : BigInt(parsed.cacheWritePerToken),
  };
}
