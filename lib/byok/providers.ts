// Providers a user can bring a key for: the hosted ones that need an API key (local servers
// and operator-defined upstreams are the operator's business). Base URLs are the operator's
// (env overrides) or the provider's default — never user input, so no SSRF surface here.
import { providerEnv } from "@/lib/env";
import { getProviderInfo, listProviders, type ProviderInfo } from "@/lib/providers/registry";
import type { UpstreamTarget } from "@/lib/providers/types";

export function byokProviders(): ProviderInfo[] {
  return listProviders().filter((p) => p.requiresApiKey && !p.local && !p.custom);
}

export function byokProvider(id: string): ProviderInfo | undefined {
  const info = getProviderInfo(id);
  return info && info.requiresApiKey && !info.local && !info.custom ? info : undefined;
}

/** Where a BYOK request for `providerId` goes, carrying the user's key. */
export function byokTarget(providerId: string, apiKey: string): UpstreamTarget | null {
  const info = byokProvider(providerId);
  if (!info) return null;
  return {
    baseUrl: providerEnv(info.id).baseUrl ?? info.defaultBaseUrl,
    apiKey,
    headers: { ...info.requiredHeaders },
  };
}
