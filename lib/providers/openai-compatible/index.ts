// One shared adapter (../openai with a dialect) for every OpenAI-compatible provider: the
// built-in table in ./providers.ts and operator-defined custom upstreams (./custom.ts).
import { createOpenAIAdapter } from "../openai";
import type { ProviderAdapter, UpstreamTarget } from "../types";
import {
  checkCustomProvider,
  customNetworkPolicy,
  customProviderSchema,
  type CustomProviderConfig,
  type CustomProviderOptions,
} from "./custom";
import { COMPATIBLE_PROVIDERS, dialectOf, type CompatibleProviderConfig } from "./providers";

export type CompatibleProvider = CompatibleProviderConfig & { custom: boolean };

const builtIn = new Map<string, CompatibleProvider>();
const adapters = new Map<string, ProviderAdapter>();
const custom = new Map<string, { provider: CompatibleProvider; config: CustomProviderConfig }>();

for (const p of COMPATIBLE_PROVIDERS) {
  builtIn.set(p.id, Object.assign({}, p, { custom: false }));
  adapters.set(p.id, createOpenAIAdapter({ label: p.id, dialect: dialectOf(p.dialect), headers: p.headers }));
}

/** Ids the custom registry must not shadow (the registry adds the native providers). */
const reservedIds = new Set<string>(["openai", "anthropic", "google", "gemini", ...builtIn.keys()]);

export function getCompatibleProvider(id: string): CompatibleProvider | undefined {
  return builtIn.get(id) ?? custom.get(id)?.provider;
}

export function listCompatibleProviders(): CompatibleProvider[] {
  return [...builtIn.values(), ...[...custom.values()].map((c) => c.provider)];
}

/** The adapter for a built-in or registered custom compatible provider. */
export function getCompatibleAdapter(id: string): ProviderAdapter | undefined {
  return adapters.get(id);
}

/**
 * Registers operator-defined upstreams (already parsed by ./custom-upstreams.ts with
 * customProviderSchema, or raw objects — they are parsed again here). Throws on an invalid
 * config, a refused base URL or an id clash. Re-registering an id replaces it.
 */
export function registerCustomProviders(
  configs: readonly unknown[],
  options: CustomProviderOptions = {},
): CompatibleProvider[] {
  const policy = customNetworkPolicy(options);
  const registered: CompatibleProvider[] = [];
  for (const raw of configs) {
    const parsed = customProviderSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`Invalid custom provider: ${issue?.path.join(".")} ${issue?.message}`);
    }
    const config = parsed.data;
    if (reservedIds.has(config.id)) throw new Error(`Custom provider id "${config.id}" is reserved`);
    checkCustomProvider(config, policy);
    const provider: CompatibleProvider = {
      id: config.id,
      displayName: config.displayName ?? config.id,
      defaultBaseUrl: config.baseUrl,
      requiresApiKey: config.apiKey !== undefined,
      local: false,
      dialect: config.quirks,
      headers: config.headers,
      custom: true,
    };
    custom.set(config.id, { provider, config });
    adapters.set(
      config.id,
      createOpenAIAdapter({
        label: config.id,
        dialect: dialectOf(config.quirks),
        headers: config.headers,
        networkPolicy: policy,
      }),
    );
    registered.push(provider);
  }
  return registered;
}

/** Where to send a custom provider's requests (its key lives in the config, not the env). */
export function getCustomProviderTarget(id: string): UpstreamTarget | undefined {
  const entry = custom.get(id);
  if (!entry) return undefined;
  return { baseUrl: entry.config.baseUrl, apiKey: entry.config.apiKey ?? "" };
}

/** Test hook. */
export function clearCustomProviders(): void {
  for (const id of custom.keys()) adapters.delete(id);
  custom.clear();
}

export { COMPATIBLE_PROVIDERS } from "./providers";
export { customProviderSchema } from "./custom";
