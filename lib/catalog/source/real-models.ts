// The hand-kept list of real models the catalog ships. Prices and (where present) context
// windows come from @pydantic/genai-prices at generation time; this list says which models,
// under which ids/aliases, with which wire name, capabilities and output limit.
// `packageModel` must be the genai-prices model that `upstreamModel` resolves to: the
// generator checks it, so a wire name the price package does not recognise fails loudly.
// Dated snapshot aliases (e.g. claude-sonnet-4-5-20250929) are the snapshot the undated
// upstream name currently serves; requests for them are sent under the undated name.
import type { Capability } from "../schema";

export type RealModelSpec = {
  id: string;
  /** Our provider id (provider registry). */
  provider: string;
  /** genai-prices provider id. */
  packageProvider: string;
  /** genai-prices model id that `upstreamModel` must resolve to. */
  packageModel: string;
  upstreamModel: string;
  aliases: string[];
  displayName: string;
  capabilities: Capability[];
  /** Only when the package has no context window. */
  contextWindow?: number;
  /** A documented cap, or "context" when the provider publishes none (context window = bound). */
  maxOutputTokens: number | "context";
};

const BASE: Capability[] = ["chat", "streaming", "tools", "json"];
const VISION: Capability[] = [...BASE, "vision"];
const REASONING: Capability[] = [...BASE, "reasoning"];
const VISION_REASONING: Capability[] = [...VISION, "reasoning"];
const EMBED: Capability[] = ["embeddings"];
// Anthropic has no native response_format; the gateway must not promise JSON mode there.
const CLAUDE: Capability[] = ["chat", "streaming", "tools", "vision", "reasoning"];

type Row = [id: string, upstream: string, packageModel: string, aliases: string[], name: string, caps: Capability[], maxOut: number | "context", contextWindow?: number];

function rows(provider: string, packageProvider: string, list: Row[]): RealModelSpec[] {
  return list.map(([id, upstreamModel, packageModel, aliases, displayName, capabilities, maxOutputTokens, contextWindow]) => ({
    id: `${provider}/${id}`,
    provider,
    packageProvider,
    packageModel,
    upstreamModel,
    aliases,
    displayName,
    capabilities,
    maxOutputTokens,
    ...(contextWindow === undefined ? {} : { contextWindow }),
  }));
}

export const REAL_MODELS: RealModelSpec[] = [
  ...rows("openai", "openai", [
    ["gpt-4.1", "gpt-4.1", "gpt-4.1", ["gpt-4.1", "gpt-4.1-2025-04-14"], "GPT-4.1", VISION, 32_768],
    ["gpt-4.1-mini", "gpt-4.1-mini", "gpt-4.1-mini", ["gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"], "GPT-4.1 mini", VISION, 32_768],
    ["gpt-4.1-nano", "gpt-4.1-nano", "gpt-4.1-nano", ["gpt-4.1-nano", "gpt-4.1-nano-2025-04-14"], "GPT-4.1 nano", VISION, 32_768],
    ["gpt-4o", "gpt-4o", "gpt-4o", ["gpt-4o"], "GPT-4o", VISION, 16_384],
    ["gpt-4o-mini", "gpt-4o-mini", "gpt-4o-mini", ["gpt-4o-mini", "gpt-4o-mini-2024-07-18"], "GPT-4o mini", VISION, 16_384],
    ["gpt-5", "gpt-5", "gpt-5", ["gpt-5", "gpt-5-2025-08-07"], "GPT-5", VISION_REASONING, 128_000],
    ["gpt-5-mini", "gpt-5-mini", "gpt-5-mini", ["gpt-5-mini", "gpt-5-mini-2025-08-07"], "GPT-5 mini", VISION_REASONING, 128_000],
    ["gpt-5-nano", "gpt-5-nano", "gpt-5-nano", ["gpt-5-nano", "gpt-5-nano-2025-08-07"], "GPT-5 nano", VISION_REASONING, 128_000],
    ["gpt-5.1", "gpt-5.1", "gpt-5.1", ["gpt-5.1", "gpt-5.1-2025-11-13"], "GPT-5.1", VISION_REASONING, 128_000],
    ["gpt-5.2", "gpt-5.2", "gpt-5.2", ["gpt-5.2", "gpt-5.2-2025-12-11"], "GPT-5.2", VISION_REASONING, 128_000],
    ["o3", "o3", "o3", ["o3", "o3-2025-04-16"], "o3", VISION_REASONING, 100_000],
    ["o4-mini", "o4-mini", "o4-mini", ["o4-mini", "o4-mini-2025-04-16"], "o4-mini", VISION_REASONING, 100_000],
    ["text-embedding-3-small", "text-embedding-3-small", "text-embedding-3-small", ["text-embedding-3-small"], "Text Embedding 3 Small", EMBED, 0],
    ["text-embedding-3-large", "text-embedding-3-large", "text-embedding-3-large", ["text-embedding-3-large"], "Text Embedding 3 Large", EMBED, 0],
  ]),
  ...rows("anthropic", "anthropic", [
    ["claude-sonnet-4-5", "claude-sonnet-4-5", "claude-sonnet-4-5", ["claude-sonnet-4-5", "claude-sonnet-4.5", "claude-sonnet-4-5-20250929"], "Claude Sonnet 4.5", CLAUDE, 64_000],
    ["claude-haiku-4-5", "claude-haiku-4-5", "claude-haiku-4-5", ["claude-haiku-4-5", "claude-haiku-4.5", "claude-haiku-4-5-20251001"], "Claude Haiku 4.5", CLAUDE, 64_000],
    ["claude-opus-4-5", "claude-opus-4-5", "claude-opus-4-5", ["claude-opus-4-5", "claude-opus-4.5", "claude-opus-4-5-20251101"], "Claude Opus 4.5", CLAUDE, 64_000],
    ["claude-opus-4-1", "claude-opus-4-1", "claude-opus-4-1", ["claude-opus-4-1", "claude-opus-4.1", "claude-opus-4-1-20250805"], "Claude Opus 4.1", CLAUDE, 32_000],
    ["claude-sonnet-4", "claude-sonnet-4-0", "claude-sonnet-4-0", ["claude-sonnet-4", "claude-sonnet-4-0", "claude-sonnet-4-20250514"], "Claude Sonnet 4", CLAUDE, 64_000],
  ]),
  ...rows("google", "google", [
    ["gemini-2.5-flash", "gemini-2.5-flash", "gemini-2.5-flash", ["gemini-2.5-flash"], "Gemini 2.5 Flash", VISION_REASONING, 65_536],
    ["gemini-2.5-pro", "gemini-2.5-pro", "gemini-2.5-pro", ["gemini-2.5-pro"], "Gemini 2.5 Pro", VISION_REASONING, 65_536, 1_048_576],
    ["gemini-2.5-flash-lite", "gemini-2.5-flash-lite", "gemini-2.5-flash-lite", ["gemini-2.5-flash-lite"], "Gemini 2.5 Flash-Lite", VISION_REASONING, 65_536],
    ["gemini-2.0-flash", "gemini-2.0-flash", "gemini-2.0-flash", ["gemini-2.0-flash"], "Gemini 2.0 Flash", VISION, 8_192],
    ["gemini-3-pro-preview", "gemini-3-pro-preview", "gemini-3-pro-preview", ["gemini-3-pro-preview", "gemini-3-pro"], "Gemini 3 Pro (preview)", VISION_REASONING, 65_536, 1_048_576],
    ["gemini-3-flash-preview", "gemini-3-flash-preview", "gemini-3-flash-preview", ["gemini-3-flash-preview", "gemini-3-flash"], "Gemini 3 Flash (preview)", VISION_REASONING, 65_536],
    ["gemini-embedding-001", "gemini-embedding-001", "gemini-embedding-001", ["gemini-embedding-001"], "Gemini Embedding 001", EMBED, 0, 2_048],
  ]),
  ...rows("mistral", "mistral", [
    ["mistral-large-3", "mistral-large-2512", "mistral-large-2512", ["mistral-large-3", "mistral-large-2512"], "Mistral Large 3", VISION, "context"],
    ["mistral-medium-3.1", "mistral-medium-2508", "mistral-medium-3-1", ["mistral-medium-3.1", "mistral-medium-2508"], "Mistral Medium 3.1", VISION, "context", 131_072],
    ["mistral-small", "mistral-small-latest", "mistral-small-latest", ["mistral-small", "mistral-small-latest"], "Mistral Small 3.2", VISION, "context", 131_072],
    ["codestral", "codestral-latest", "codestral", ["codestral", "codestral-latest"], "Codestral", BASE, "context"],
    ["mistral-embed", "mistral-embed", "mistral-embed", ["mistral-embed"], "Mistral Embed", EMBED, 0],
  ]),
  ...rows("deepseek", "deepseek", [
    ["deepseek-chat", "deepseek-chat", "deepseek-chat", ["deepseek-chat"], "DeepSeek Chat", BASE, 8_192],
    ["deepseek-reasoner", "deepseek-reasoner", "deepseek-reasoner", ["deepseek-reasoner"], "DeepSeek Reasoner", ["chat", "streaming", "json", "reasoning"], "context"],
  ]),
  ...rows("xai", "x-ai", [
    ["grok-4", "grok-4-0709", "grok-4-0709", ["grok-4", "grok-4-0709"], "Grok 4", VISION_REASONING, "context"],
    ["grok-4-fast", "grok-4-fast-non-reasoning", "grok-4-fast-non-reasoning", ["grok-4-fast", "grok-4-fast-non-reasoning"], "Grok 4 Fast (non-reasoning)", VISION, "context"],
    ["grok-3-mini", "grok-3-mini", "grok-3-mini", ["grok-3-mini"], "Grok 3 Mini", REASONING, "context"],
    ["grok-code-fast-1", "grok-code-fast-1", "grok-code-fast-1", ["grok-code-fast-1"], "Grok Code Fast 1", REASONING, "context"],
  ]),
  ...rows("groq", "groq", [
    ["llama-3.3-70b-versatile", "llama-3.3-70b-versatile", "llama-3.3-70b-versatile", ["llama-3.3-70b-versatile", "llama-3.3-70b"], "Llama 3.3 70B Versatile (Groq)", BASE, 32_768, 131_072],
    ["llama-3.1-8b-instant", "llama-3.1-8b-instant", "llama-3.1-8b-instant", ["llama-3.1-8b-instant"], "Llama 3.1 8B Instant (Groq)", BASE, 131_072, 131_072],
    ["gpt-oss-120b", "openai/gpt-oss-120b", "openai/gpt-oss-120b", ["gpt-oss-120b"], "gpt-oss-120b (Groq)", REASONING, 65_536],
    ["gpt-oss-20b", "openai/gpt-oss-20b", "openai/gpt-oss-20b", ["gpt-oss-20b"], "gpt-oss-20b (Groq)", REASONING, 65_536],
    ["llama-4-scout", "meta-llama/llama-4-scout-17b-16e-instruct", "meta-llama/llama-4-scout-17b-16e-instruct", ["llama-4-scout"], "Llama 4 Scout (Groq)", VISION, 8_192, 131_072],
    ["kimi-k2", "moonshotai/kimi-k2-instruct-0905", "moonshotai/kimi-k2-instruct", ["kimi-k2"], "Kimi K2 (Groq)", BASE, 16_384],
    ["qwen3-32b", "qwen/qwen3-32b", "qwen/qwen3-32b", ["qwen3-32b"], "Qwen3 32B (Groq)", REASONING, 40_960],
  ]),
  ...rows("together", "together", [
    ["llama-3.3-70b-instruct-turbo", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/Llama-3.3-70B-Instruct-Turbo", ["together-llama-3.3-70b"], "Llama 3.3 70B Instruct Turbo (Together)", BASE, "context", 131_072],
    ["llama-3.1-8b-instruct-turbo", "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", ["together-llama-3.1-8b"], "Llama 3.1 8B Instruct Turbo (Together)", BASE, "context", 131_072],
    ["llama-4-maverick", "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", ["llama-4-maverick"], "Llama 4 Maverick (Together)", VISION, "context", 1_048_576],
  ]),
  ...rows("fireworks", "fireworks", [
    ["gpt-oss-120b", "accounts/fireworks/models/gpt-oss-120b", "gpt-oss-120b", ["fireworks-gpt-oss-120b"], "gpt-oss-120b (Fireworks)", REASONING, "context"],
    ["deepseek-v3.2", "accounts/fireworks/models/deepseek-v3p2", "deepseek-v3p2", ["deepseek-v3.2"], "DeepSeek V3.2 (Fireworks)", BASE, "context"],
    ["qwen3-235b-a22b", "accounts/fireworks/models/qwen3-235b-a22b", "qwen3-235b-a22b", ["qwen3-235b-a22b"], "Qwen3 235B A22B (Fireworks)", REASONING, "context"],
    ["llama-4-maverick", "accounts/fireworks/models/llama4-maverick-instruct-basic", "llama4-maverick-instruct-basic", ["fireworks-llama-4-maverick"], "Llama 4 Maverick (Fireworks)", VISION, "context"],
  ]),
  ...rows("cerebras", "cerebras", [
    ["gpt-oss-120b", "gpt-oss-120b", "gpt-oss-120b", ["cerebras-gpt-oss-120b"], "gpt-oss-120b (Cerebras)", REASONING, "context"],
  ]),
  ...rows("cohere", "cohere", [
    ["command-a", "command-a-03-2025", "command-a", ["command-a"], "Command A", BASE, 8_000, 256_000],
    ["command-r", "command-r-08-2024", "command-r", ["command-r"], "Command R", BASE, 4_000, 128_000],
  ]),
];
