// Provider table and adapter lookup. Keys are not read here: lib/env.ts reads the env names
// listed in the table and the caller passes an UpstreamTarget per call.
import { anthropicAdapter, ANTHROPIC_VERSION, createAnthropicAdapter } from "./anthropic";
import { createGeminiAdapter, geminiAdapter } from "./gemini";
import { PUBLIC_ONLY } from "./http/ssrf";
import { createOpenAIAdapter, openaiAdapter } from "./openai";
import {
  getCompatibleAdapter,
  getCompatibleProvider,
  listCompatibleProviders,
  type CompatibleProvider,
} from "./openai-compatible";
import type { ProviderAdapter } from "./types";

export type WireFormat = ProviderAdapter["wireFormat"];

export type ProviderInfo = {
  /** Model ids are `<id>/<model>`. */
  id: string;
  displayName: string;
  wireFormat: WireFormat;
  /** Each SDK's convention: OpenAI-style bases include /v1, Anthropic's does not. */
  defaultBaseUrl: string;
  /** Env variable holding the key (lib/env.ts reads it); null for custom upstreams. */
  apiKeyEnv: string | null;
  /** Also accepted, in order, when apiKeyEnv is unset. */
  apiKeyEnvAliases: readonly string[];
  /** Env variable overriding the base URL (e.g. to point at the emulator). */
  baseUrlEnv: string | null;
  requiresApiKey: boolean;
  /** Headers every request needs (the adapters add them too). */
  requiredHeaders: Readonly<Record<string, string>>;
  local: boolean;
  custom: boolean;
};

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

const NATIVE_PROVIDERS: readonly ProviderInfo[] = [
  {
    id: "openai",
    displayName: "OpenAI",
    wireFormat: "openai",
    defaultBaseUrl: "https://api.openai.com/v1",
    apiKeyEnv: "OPENAI_API_KEY",
    apiKeyEnvAliases: [],
    baseUrlEnv: "OPENAI_BASE_URL",
    requiresApiKey: true,
    requiredHeaders: NO_HEADERS,
    local: false,
    custom: false,
  },
  {
    id: "anthropic",
    displayName: "Anthropic",
    wireFormat: "anthropic",
    defaultBaseUrl: "https://api.anthropic.com",
    apiKeyEnv: "ANTHROPIC_API_KEY",
    apiKeyEnvAliases: [],
    baseUrlEnv: "ANTHROPIC_BASE_URL",
    requiresApiKey: true,
    requiredHeaders: Object.freeze({ "anthropic-version": ANTHROPIC_VERSION }),
    local: false,
    custom: false,
  },
  {
    id: "google",
    displayName: "Google Gemini",
    wireFormat: "gemini",
    defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta",
    apiKeyEnv: "GOOGLE_API_KEY",
    apiKeyEnvAliases: ["GEMINI_API_KEY"],
    baseUrlEnv: "GOOGLE_BASE_URL",
    requiresApiKey: true,
    requiredHeaders: NO_HEADERS,
    local: false,
    custom: false,
  },
];

const nativeById = new Map(NATIVE_PROVIDERS.map((p) => [p.id, p]));
const ALIASES: Readonly<Record<string, string>> = { gemini: "google" };

function fromCompatible(p: CompatibleProvider): ProviderInfo {
  return {
    id: p.id,
    displayName: p.displayName,
    wireFormat: "openai",
    defaultBaseUrl: p.defaultBaseUrl,
    apiKeyEnv: p.custom ? null : p.apiKeyEnv,
    apiKeyEnvAliases: [],
    baseUrlEnv: p.custom ? null : `${p.id.toUpperCase()}_BASE_URL`,
    requiresApiKey: p.requiresApiKey,
    requiredHeaders: p.headers ?? NO_HEADERS,
    local: p.local,
    custom: p.custom,
  };
}

const baseAdapters: Readonly<Record<WireFormat, ProviderAdapter>> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};

/**
 * The adapter for a wire format. Pass the provider id as well: OpenAI-compatible providers
 * share the "openai" wire format but each has its own dialect (max_tokens field, seed name,
 * roles…), and a custom upstream its SSRF-guarded connection pool.
 */
export function getProviderAdapter(wireFormat: WireFormat, providerId?: string): ProviderAdapter {
  if (providerId !== undefined && wireFormat === "openai") {
    const compatible = getCompatibleAdapter(providerId);
    if (compatible) return compatible;
  }
  return baseAdapters[wireFormat];
}

/** The adapter for a provider id (native, built-in compatible or registered custom). */
export function getAdapterForProvider(providerId: string): ProviderAdapter | undefined {
  const id = ALIASES[providerId] ?? providerId;
  const native = nativeById.get(id);
  if (native) return baseAdapters[native.wireFormat];
  return getCompatibleAdapter(id);
}

export function getProviderInfo(providerId: string): ProviderInfo | undefined {
  const id = ALIASES[providerId] ?? providerId;
  const native = nativeById.get(id);
  if (native) return native;
  const compatible = getCompatibleProvider(id);
  return compatible ? fromCompatible(compatible) : undefined;
}

export function listProviders(): ProviderInfo[] {
  return [...NATIVE_PROVIDERS, ...listCompatibleProviders().map(fromCompatible)];
}

const guarded: Readonly<Record<WireFormat, ProviderAdapter>> = {
  openai: createOpenAIAdapter({ networkPolicy: PUBLIC_ONLY }),
  anthropic: createAnthropicAdapter({ networkPolicy: PUBLIC_ONLY }),
  gemini: createGeminiAdapter({ networkPolicy: PUBLIC_ONLY }),
};

/**
 * For targets whose base URL a user chose (BYOK endpoints): the URL is checked on every call
 * and DNS answers pointing at loopback, private, link-local or metadata addresses are refused
 * at connect time. Validate the URL when it is saved too (validateUpstreamBaseUrl).
 */
export function getGuardedProviderAdapter(wireFormat: WireFormat): ProviderAdapter {
  return guarded[wireFormat];
}

export { validateUpstreamBaseUrl, PUBLIC_ONLY, type NetworkPolicy } from "./http/ssrf";
export {
  registerCustomProviders,
  getCustomProviderTarget,
  customProviderSchema,
  type CustomProviderConfig,
} from "./openai-compatible";
export { closeAllDispatchers } from "./http/agent";
