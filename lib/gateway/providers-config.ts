// Which upstreams are configured, and how to reach each model's provider. Simulated
// (emulator) models are offered when the provider emulator is configured — the offline
// demo, tests and benchmarks. Resolved once per model and cached: config is static.
import { env, providerEnv } from "@/lib/env";
import type { CatalogEntry } from "@/lib/catalog";
import { getCustomProviderTarget, getProviderInfo } from "@/lib/providers/registry";
import type { UpstreamTarget } from "@/lib/providers/types";

export function simulatedModelsEnabled(): boolean {
  return Boolean(env().EMULATOR_URL);
}

/** The emulator mounts each wire format where that provider's SDK expects it. */
const EMULATOR_PATHS = { openai: "/v1", anthropic: "", gemini: "/v1beta" } as const;

function resolveTarget(model: CatalogEntry): UpstreamTarget | null {
  if (model.provider === "emulator") {
    const url = env().EMULATOR_URL;
    return url ? { baseUrl: url.replace(/\/$/, "") + EMULATOR_PATHS[model.wireFormat], apiKey: "emulator" } : null;
  }
  const custom = getCustomProviderTarget(model.provider);
  if (custom) return custom;
  const info = getProviderInfo(model.provider);
  if (!info) return null;
  const configured = providerEnv(info.id);
  if (info.requiresApiKey && !configured.apiKey) return null;
  if (info.local && !configured.baseUrl) return null; // local servers (ollama, vllm) are opt-in
  return {
    baseUrl: configured.baseUrl ?? info.defaultBaseUrl,
    apiKey: configured.apiKey ?? "",
    headers: { ...info.requiredHeaders },
  };
}

const targets = new Map<string, UpstreamTarget | null>();

export function upstreamTargetFor(model: CatalogEntry): UpstreamTarget | null {
  let t = targets.get(model.id);
  if (t === undefined) targets.set(model.id, (t = resolveTarget(model)));
  return t;
}
