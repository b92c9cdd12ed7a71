// Config-only OpenAI-compatible providers. Each entry is the whole integration: the shared
// adapter (../openai) does the rest. Dialect flags are documented in ../openai/request.ts;
// anything not set here uses COMPATIBLE_DIALECT.
import { OPENAI_DIALECT, type OpenAIDialect } from "../openai/request";

export type CompatibleProviderConfig = {
  id: string;
  displayName: string;
  defaultBaseUrl: string;
  requiresApiKey: boolean;
  /** Runs on the operator's machine or network (Ollama, vLLM). */
  local: boolean;
  dialect?: Partial<OpenAIDialect>;
  headers?: Readonly<Record<string, string>>;
};

/** The common denominator: what most compatible servers accept. */
export const COMPATIBLE_DIALECT: Readonly<OpenAIDialect> = Object.freeze({
  ...OPENAI_DIALECT,
  maxTokensField: "max_tokens",
  developerRole: false,
  nullAssistantContent: false,
});

export const COMPATIBLE_PROVIDERS: readonly CompatibleProviderConfig[] = [
  {
    id: "mistral",
    displayName: "Mistral AI",
    defaultBaseUrl: "https://api.mistral.ai/v1",
    requiresApiKey: true,
    local: false,
    // Rejects unknown fields (422 extra_forbidden); always reports usage on the last chunk.
    dialect: {
      seedField: "random_seed",
      streamUsageOption: false,
      userField: false,
      messageName: false,
      requiredToolChoice: "any",
    },
  },
  {
    id: "deepseek",
    displayName: "DeepSeek",
    defaultBaseUrl: "https://api.deepseek.com/v1",
    requiresApiKey: true,
    local: false,
    dialect: { jsonSchema: false }, // json_object only
  },
  {
    id: "xai",
    displayName: "xAI",
    defaultBaseUrl: "https://api.x.ai/v1",
    requiresApiKey: true,
    local: false,
  },
  {
    id: "groq",
    displayName: "Groq",
    defaultBaseUrl: "https://api.groq.com/openai/v1",
    requiresApiKey: true,
    local: false,
    dialect: { maxTokensField: "max_completion_tokens", messageName: false },
  },
  {
    id: "together",
    displayName: "Together AI",
    defaultBaseUrl: "https://api.together.xyz/v1",
    requiresApiKey: true,
    local: false,
  },
  {
    id: "fireworks",
    displayName: "Fireworks AI",
    defaultBaseUrl: "https://api.fireworks.ai/inference/v1",
    requiresApiKey: true,
    local: false,
  },
  {
    id: "openrouter",
    displayName: "OpenRouter",
    defaultBaseUrl: "https://openrouter.ai/api/v1",
    requiresApiKey: true,
    local: false,
    dialect: { developerRole: true },
  },
  {
    id: "cerebras",
    displayName: "Cerebras",
    defaultBaseUrl: "https://api.cerebras.ai/v1",
    requiresApiKey: true,
    local: false,
    dialect: { maxTokensField: "max_completion_tokens" },
  },
  {
    id: "cohere",
    displayName: "Cohere",
    // Cohere's OpenAI compatibility API (chat completions, tools, JSON mode, streaming).
    defaultBaseUrl: "https://api.cohere.ai/compatibility/v1",
    requiresApiKey: true,
    local: false,
    dialect: { seedField: "seed", userField: false, messageName: false },
  },
  {
    id: "ollama",
    displayName: "Ollama (local)",
    defaultBaseUrl: "http://127.0.0.1:11434/v1",
    requiresApiKey: false,
    local: true,
  },
  {
    id: "vllm",
    displayName: "vLLM (local)",
    defaultBaseUrl: "http://127.0.0.1:8000/v1",
    requiresApiKey: false,
    local: true,
  },
];

export function dialectOf(overrides: Partial<OpenAIDialect> | undefined): OpenAIDialect {
  return overrides ? { ...COMPATIBLE_DIALECT, ...overrides } : COMPATIBLE_DIALECT;
}
