// The `/v1/models` list item: OpenAI's model object plus Switchyard's extensions
// (prices, limits, capabilities, simulated flag, availability), in the snake_case of the
// OpenAI API. SDKs ignore fields they do not know.
import { modelKind, type ModelKind } from "./model-kind";
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
  /** `chat` (chat/completions, messages, responses) or `embedding` (embeddings). */
  kind: ModelKind;
  simulated: boolean;
  /** Whether this deployment (and the calling key, when one was sent) can serve the model. */
  available: boolean;
  /** Why not, for the customer (what to do about it, where there is something to do). */
  unavailable_reason: string | null;
};

/** `availability`: lib/catalog/availability.ts (the deployment's view, or a key's). */
export function toOpenAiModel(entry: CatalogEntry, availability: { available: boolean; reason: string | null }): OpenAiModelObject {
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
    kind: modelKind(entry),
    simulated: entry.simulated,
    available: availability.available,
    unavailable_reason: availability.reason,
  };
}
