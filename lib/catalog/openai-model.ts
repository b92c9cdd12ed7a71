// The `/v1/models` list item: OpenAI's model object plus Switchyard's extensions
// (prices, limits, capabilities, simulated flag), in the snake_case of the OpenAI API.
import type { Capability, CatalogEntry } from "./schema";

export type OpenAiModelObject = {
  id: string;
  object: "model";
  /** Unix seconds: the date the catalog priced this model. */
  created: number;
  owned_by: string;
  display_name: string;
  aliases: string[];
  /** USD per 1M tokens as exact decimal strings; null = unpriced (requests are refused). */
  pricing: {
    input: string;
    output: string;
    cached_input: string | null;
    cache_write: string | null;
    unit: "usd_per_million_tokens";
  } | null;
  context_window: number;
  max_output_tokens: number;
  capabilities: Capability[];
  simulated: boolean;
};

export function toOpenAiModel(entry: CatalogEntry): OpenAiModelObject {
  return {
    id: entry.id,
    object: "model",
    created: Math.floor(Date.parse(`${entry.priceDate}T00:00:00Z`) / 1000),
    owned_by: entry.provider,
    display_name: entry.displayName,
    aliases: [...entry.aliases],
    pricing: entry.price && {
      input: entry.price.input,
      output: entry.price.output,
      cached_input: entry.price.cachedInput,
      cache_write: entry.price.cacheWrite,
      unit: "usd_per_million_tokens",
    },
    context_window: entry.contextWindow,
    max_output_tokens: entry.maxOutputTokens,
    capabilities: [...entry.capabilities],
    simulated: entry.simulated,
  };
}
