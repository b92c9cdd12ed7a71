// The model picker's list for one account: every chat model of the catalog with its price,
// context window, capabilities and whether this deployment — with the account's own provider
// keys (BYOK) — can serve it, with the reason when it cannot (lib/catalog/availability.ts, the
// same facts GET /v1/models reports for a key). The playground key has no allow-list.
import { listModels, type CatalogEntry } from "@/lib/catalog";
import { availabilityForKey } from "@/lib/catalog/availability";
import { byokKeysFor } from "@/lib/byok/store";
import { simulatedModelsEnabled } from "@/lib/gateway/providers-config";
import { getProviderInfo } from "@/lib/providers/registry";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";
import { DEMO_SIMULATORS } from "@/lib/routing/auto/candidates";
import { AUTO_MODEL, type ModelOption, type PlaygroundDefaults } from "@/lib/playground/model-options";

function option(e: CatalogEntry, available: boolean, reason: string | null): ModelOption {
  return {
    id: e.id, name: e.displayName, provider: e.provider, providerName: getProviderInfo(e.provider)?.displayName ?? e.provider,
    inputPerM: e.price?.input ?? null, outputPerM: e.price?.output ?? null, contextWindow: e.contextWindow,
    capabilities: e.capabilities.filter((c) => c !== "chat" && c !== "streaming"), simulated: e.simulated, available, reason,
  };
}

/** Chat models, available ones first (catalog order kept within each group). */
export async function playgroundModels(userId: string): Promise<ModelOption[]> {
  ensureCustomUpstreams();
  const byok = await byokKeysFor(userId);
  const options = listModels({ includeSimulated: simulatedModelsEnabled() })
    .filter((e) => e.capabilities.includes("chat"))
    .map((e) => {
      const a = availabilityForKey(e, { allowedModels: [], byok });
      return option(e, a.available, a.reason);
    });
  return [...options.filter((o) => o.available), ...options.filter((o) => !o.available)];
}

/**
 * Preselections: real models before simulated ones, never the simulators that demonstrate
 * faults (they would make a first run look broken).
 */
export function playgroundDefaults(models: readonly ModelOption[]): PlaygroundDefaults {
  const usable = models.filter((m) => m.available && !DEMO_SIMULATORS.has(m.id));
  const ranked = [...usable.filter((m) => !m.simulated), ...usable.filter((m) => m.simulated)];
  const ids = ranked.map((m) => m.id);
  const pair = ids.slice(0, 2);
  const others = ranked.filter((m) => !pair.includes(m.id));
  // The judge answers in JSON: a model with a native JSON mode is the safer default.
  const judge = (others.find((m) => m.capabilities.includes("json")) ?? others[0])?.id ?? "";
  return {
    compare: ids.slice(0, 3),
    chat: ids.length ? AUTO_MODEL : "",
    blend: { models: pair, synthesizer: others[0]?.id ?? ids[0] ?? "" },
    judge: { contestants: pair, judge },
  };
}
