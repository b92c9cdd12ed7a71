// The public model catalog page's data (/models): every model this deployment lists on
// GET /v1/models, with its provider's display name, prices, limits, capabilities and whether
// it can be served here — the same facts as the API, read from the catalog directly.
import { deploymentAvailability } from "@/lib/catalog/availability";
import { modelKind, type ModelKind } from "@/lib/catalog/model-kind";
import { listModels } from "@/lib/catalog/registry";
import type { Capability } from "@/lib/catalog/schema";
import { simulatedModelsEnabled } from "@/lib/gateway/providers-config";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";
import { getProviderInfo } from "@/lib/providers/registry";

export type PublicModel = {
  id: string;
  name: string;
  providerId: string;
  /** The provider's display name ("OpenAI"); "Simulated" for the emulator's models. */
  provider: string;
  aliases: string[];
  kind: ModelKind;
  contextWindow: number;
  maxOutputTokens: number;
  /** USD per million tokens as exact decimal strings; null: not offered (billed as input) / unpriced. */
  price: { input: string; output: string; cachedInput: string | null } | null;
  capabilities: Capability[];
  simulated: boolean;
  available: boolean;
  unavailableReason: string | null;
  /** What a simulated model does (sim/down always fails, …); null for real models. */
  behaviour: string | null;
};

export function publicModels(): PublicModel[] {
  ensureCustomUpstreams();
  const models = listModels({ includeSimulated: simulatedModelsEnabled() }).map((m): PublicModel => {
    const availability = deploymentAvailability(m);
    return {
      id: m.id,
      name: m.displayName,
      providerId: m.provider,
      provider: m.simulated ? "Simulated" : getProviderInfo(m.provider)?.displayName ?? m.provider,
      aliases: [...m.aliases],
      kind: modelKind(m),
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
      price: m.price && { input: m.price.input, output: m.price.output, cachedInput: m.price.cachedInput },
      capabilities: [...m.capabilities],
      simulated: m.simulated,
      available: availability.available,
      unavailableReason: availability.reason,
      // The catalog's notes of a simulated model start "Simulated. " — the page says that already.
      behaviour: m.simulated && m.notes ? m.notes.replace(/^Simulated\.\s*/, "") : null,
    };
  });
  // What can be called here first, then by provider and name.
  return models.sort((a, b) => Number(b.available) - Number(a.available) || a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id));
}
