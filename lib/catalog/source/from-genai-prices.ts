// Builds catalog entries from the offline price data bundled in @pydantic/genai-prices.
// Only `calcPrice` (synchronous, bundled data) is used; never `updatePrices`/`waitForUpdate`,
// which would fetch remote data. Used by scripts/generate-catalog.ts, not at runtime.
import { createHash } from "node:crypto";
import { calcPrice, type ModelInfo, type ModelPrice as PackagePrice } from "@pydantic/genai-prices";
import { usdPerMillionToUnitsPerToken } from "@/lib/billing/money";
import { catalogFileSchema, type CatalogEntry, type CatalogFile, type ModelPrice, type WireFormat } from "../schema";
import { floatToDecimalString } from "./decimal";
import { REAL_MODELS, type RealModelSpec } from "./real-models";
import { simulatedModels } from "./simulated-models";

export const PRICE_PACKAGE = "@pydantic/genai-prices";

const FIELD_BY_KEY = {
  input_mtok: "input",
  output_mtok: "output",
  cache_read_mtok: "cachedInput",
  cache_write_mtok: "cacheWrite",
} as const satisfies Record<string, keyof ModelPrice>;
type PriceField = (typeof FIELD_BY_KEY)[keyof typeof FIELD_BY_KEY];

/** Price components the gateway never incurs for text/image chat (no audio, built-in search…). */
const NOT_MODELED = new Set([
  "web_searches_kcount",
  "storage_searches_kcount",
  "cache_write_1h_mtok",
  "input_audio_mtok",
  "cache_audio_read_mtok",
  "output_audio_mtok",
]);

const MANUAL_LIMIT = "manual (provider model documentation)";
const CONTEXT_AS_OUTPUT_BOUND = "manual: no separate output cap published; context window used as the upper bound";

function wireFormatFor(provider: string): WireFormat {
  if (provider === "anthropic") return "anthropic";
  if (provider === "google") return "gemini";
  return "openai";
}

type Resolved = { prices: Partial<Record<PriceField, string>>; notes: string[] };

/** One resolved price record → decimal strings (base tier of tiered prices, noted). */
function readPrice(spec: RealModelSpec, price: PackagePrice): Resolved {
  const prices: Partial<Record<PriceField, string>> = {};
  const notes: string[] = [];
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(price)) {
    if (value === undefined) continue;
    if (NOT_MODELED.has(key)) {
      ignored.push(key);
      continue;
    }
    if (!(key in FIELD_BY_KEY)) throw new Error(`${spec.id}: unsupported price component "${key}"`);
    const field = FIELD_BY_KEY[key as keyof typeof FIELD_BY_KEY];
    if (typeof value === "number") {
      prices[field] = floatToDecimalString(value);
    } else {
      prices[field] = floatToDecimalString(value.base);
      const tiers = value.tiers.map((t) => `${floatToDecimalString(t.price)} above ${t.start} prompt tokens`).join(", ");
      notes.push(`${field}: base tier ${prices[field]} used; tiered ${tiers}`);
    }
  }
  if (ignored.length > 0) notes.push(`not modeled: ${ignored.sort().join(", ")}`);
  return { prices, notes };
}

function resolveAt(spec: RealModelSpec, timestamp: Date): { model: ModelInfo; price: PackagePrice } {
  const result = calcPrice({ input_tokens: 0, output_tokens: 0 }, spec.upstreamModel, {
    providerId: spec.packageProvider,
    timestamp,
  });
  if (!result) throw new Error(`${spec.id}: ${PRICE_PACKAGE} has no price for "${spec.upstreamModel}"`);
  if (result.provider.id !== spec.packageProvider || result.model.id !== spec.packageModel) {
    throw new Error(
      `${spec.id}: "${spec.upstreamModel}" resolved to ${result.provider.id}/${result.model.id}, expected ${spec.packageProvider}/${spec.packageModel}`,
    );
  }
  return { model: result.model, price: result.model_price };
}

/** Every half hour of the as-of day, so time-of-day prices are all seen. */
function timestampsOf(asOf: string): Date[] {
  const start = Date.parse(`${asOf}T00:00:00Z`);
  return Array.from({ length: 48 }, (_, i) => new Date(start + i * 30 * 60_000));
}

function maxPrice(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return usdPerMillionToUnitsPerToken(b) > usdPerMillionToUnitsPerToken(a) ? b : a;
}

function futureChanges(model: ModelInfo, asOf: string): string[] {
  if (!Array.isArray(model.prices)) return [];
  return model.prices.flatMap((p) =>
    p.constraint?.type === "start_date" && p.constraint.start_date > asOf ? [p.constraint.start_date] : [],
  );
}

export function buildRealEntry(spec: RealModelSpec, asOf: string, source: string): CatalogEntry {
  const samples = timestampsOf(asOf).map((t) => resolveAt(spec, t));
  const model = samples[0]!.model;
  const variants = [...new Map(samples.map((s) => [JSON.stringify(s.price), s.price])).values()];
  const resolved = variants.map((v) => readPrice(spec, v));
  const notes = [...new Set(resolved.flatMap((r) => r.notes))];
  const merged: Partial<Record<PriceField, string>> = {};
  for (const r of resolved) {
    for (const field of Object.values(FIELD_BY_KEY)) merged[field] = maxPrice(merged[field], r.prices[field]);
  }
  if (variants.length > 1) notes.unshift("time-of-day pricing: the highest (peak) rate of the day is used");
  for (const date of futureChanges(model, asOf)) notes.push(`scheduled price change on ${date} (regenerate then)`);

  const isEmbedding = spec.capabilities.includes("embeddings");
  if (merged.input === undefined) throw new Error(`${spec.id}: no input price`);
  if (merged.output === undefined && !isEmbedding) throw new Error(`${spec.id}: no output price`);

  if (model.context_window !== undefined && spec.contextWindow !== undefined) {
    throw new Error(`${spec.id}: the package now has a context window; drop the manual one`);
  }
  const contextWindow = model.context_window ?? spec.contextWindow;
  if (contextWindow === undefined) throw new Error(`${spec.id}: no context window in the package; add one`);

  return {
    id: spec.id,
    provider: spec.provider,
    upstreamModel: spec.upstreamModel,
    wireFormat: wireFormatFor(spec.provider),
    aliases: spec.aliases,
    displayName: spec.displayName,
    simulated: false,
    price: {
      input: merged.input,
      output: merged.output ?? "0",
      cachedInput: merged.cachedInput ?? null,
      cacheWrite: merged.cacheWrite ?? null,
    },
    contextWindow,
    maxOutputTokens: spec.maxOutputTokens === "context" ? contextWindow : spec.maxOutputTokens,
    capabilities: spec.capabilities,
    priceSource: `${source} (${spec.packageProvider}/${spec.packageModel})`,
    priceDate: asOf,
    contextWindowSource: model.context_window !== undefined ? source : MANUAL_LIMIT,
    maxOutputTokensSource: spec.maxOutputTokens === "context" ? CONTEXT_AS_OUTPUT_BOUND : MANUAL_LIMIT,
    notes: notes.length > 0 ? notes.join("; ") : null,
  };
}

/** The whole catalog file for `asOf` (YYYY-MM-DD), validated against the runtime schema. */
export function buildCatalog(asOf: string, packageVersion: string): CatalogFile {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new Error(`as-of date must be YYYY-MM-DD, got "${asOf}"`);
  }
  const source = `${PRICE_PACKAGE}@${packageVersion}`;
  const models = [...REAL_MODELS.map((spec) => buildRealEntry(spec, asOf, source)), ...simulatedModels(asOf)];
  const hash = createHash("sha256").update(JSON.stringify(models)).digest("hex").slice(0, 10);
  return catalogFileSchema.parse({
    version: `${asOf}.${hash}`,
    pricesAsOf: asOf,
    source: { package: PRICE_PACKAGE, version: packageVersion },
    generatedBy: "scripts/generate-catalog.ts",
    models,
  });
}
