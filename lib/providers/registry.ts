// Provider table and adapter lookup. Keys are not read here: lib/env.ts reads them (by the
// `<ID>_API_KEY` / `<ID>_BASE_URL` convention) and the caller passes an UpstreamTarget per call.
import { anthropicAdapter, ANTHROPIC_VERSION } from "./anthropic";
import { geminiAdapter } from "./gemini";
import { openaiAdapter } from "./openai";
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

export { getCustomProviderTarget } from "./openai-compatible";
