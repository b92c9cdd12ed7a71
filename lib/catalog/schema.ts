// Shape of the versioned price catalog (lib/catalog/models.json) and of operator-defined
// custom models. Validated with zod when loaded; everything downstream trusts these types.
import { z } from "zod";
import { usdPerMillionToUnitsPerToken } from "@/lib/billing/money";

export const WIRE_FORMATS = ["openai", "anthropic", "gemini"] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];

export const CAPABILITIES = ["chat", "streaming", "tools", "vision", "json", "reasoning", "embeddings"] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** USD per 1M tokens as an exact decimal string that converts to whole units per token. */
export const usdPerMillionSchema = z.string().refine(
  (value) => {
    try {
      usdPerMillionToUnitsPerToken(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a non-negative decimal USD-per-million price with at most 6 decimals" },
);

const positivePrice = usdPerMillionSchema.refine((v) => usdPerMillionToUnitsPerToken(v) > 0n, {
  message: "must be greater than zero (a free model must be refused, not billed at zero)",
});

export const modelPriceSchema = z.strictObject({
  /** Uncached prompt tokens. */
  input: positivePrice,
  /** Completion tokens (including reasoning tokens). "0" only for embedding models. */
  output: usdPerMillionSchema,
  /** Prompt tokens read from the provider's cache; null = not offered (billed as input). */
  cachedInput: usdPerMillionSchema.nullable(),
  /** Prompt tokens written to the provider's cache; null = not offered (billed as input). */
  cacheWrite: usdPerMillionSchema.nullable(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

const MODEL_ID = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9._:-]*$/;
const ALIAS = /^[a-z0-9][a-z0-9._:-]*$/;

export const catalogEntrySchema = z
  .strictObject({
    /** `provider/model`, lowercase. Simulated models use the `sim/` prefix. */
    id: z.string().regex(MODEL_ID, "id must look like provider/model (lowercase)"),
    /** Provider id used by the provider registry: openai, anthropic, google, …, emulator. */
    provider: z.string().regex(/^[a-z0-9-]+$/),
    /** The provider's own model name, sent on the wire. */
    upstreamModel: z.string().min(1),
    /** Which wire format to speak to the upstream. */
    wireFormat: z.enum(WIRE_FORMATS),
    /** Short names clients may send instead of the id (lowercase, unique catalog-wide). */
    aliases: z.array(z.string().regex(ALIAS, "aliases are lowercase, without '/'")).min(1),
    displayName: z.string().min(1),
    /** True for models served by the bundled provider emulator. */
    simulated: z.boolean(),
    /** Null = known model without a price: it cannot be billed and must be refused. */
    price: modelPriceSchema.nullable(),
    contextWindow: z.int().positive(),
    /** Upper bound on completion tokens (0 for embedding models). */
    maxOutputTokens: z.int().nonnegative(),
    capabilities: z.array(z.enum(CAPABILITIES)).min(1),
    /** Where the price came from, e.g. "@pydantic/genai-prices@0.1.8". */
    priceSource: z.string().min(1),
    /** Date (YYYY-MM-DD) on which the price was resolved as being in effect. */
    priceDate: z.iso.date(),
    contextWindowSource: z.string().min(1),
    maxOutputTokensSource: z.string().min(1),
    /** Pricing caveats: base tier of a tiered price, peak rate of a time-of-day price, … */
    notes: z.string().nullable(),
  })
  .superRefine((entry, ctx) => {
    if (entry.maxOutputTokens > entry.contextWindow) {
      ctx.addIssue({ code: "custom", message: "maxOutputTokens exceeds contextWindow", path: ["maxOutputTokens"] });
    }
    const isEmbedding = entry.capabilities.includes("embeddings");
    if (!isEmbedding && entry.price && usdPerMillionToUnitsPerToken(entry.price.output) === 0n) {
      ctx.addIssue({ code: "custom", message: "a chat model needs a non-zero output price", path: ["price", "output"] });
    }
    if (new Set(entry.aliases).size !== entry.aliases.length) {
      ctx.addIssue({ code: "custom", message: "duplicate alias", path: ["aliases"] });
    }
  });
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogFileSchema = z.strictObject({
  /** Catalog version recorded with every billed request: `<pricesAsOf>.<content hash>`. */
  version: z.string().min(1),
  /** The date prices were resolved for (conditional/dated prices pick the one in effect). */
  pricesAsOf: z.iso.date(),
  source: z.strictObject({ package: z.string(), version: z.string() }),
  generatedBy: z.string(),
  models: z.array(catalogEntrySchema).min(1),
});
export type CatalogFile = z.infer<typeof catalogFileSchema>;
