// Models served by the bundled provider emulator (provider id `emulator`). They let the whole
// product — including billing — be tried offline, so they carry made-up but plausible,
// non-zero prices. The `emu-*` upstream names select the emulator's behaviour.
import type { Capability, CatalogEntry, ModelPrice, WireFormat } from "../schema";

const SOURCE = "switchyard emulator (made-up demo prices)";
const CHAT: Capability[] = ["chat", "streaming", "tools", "vision", "json"];
const STANDARD_PRICE: ModelPrice = { input: "0.5", output: "1.5", cachedInput: "0.25", cacheWrite: null };

type SimSpec = {
  slug: string;
  upstreamModel: string;
  wireFormat: WireFormat;
  displayName: string;
  price: ModelPrice;
  capabilities?: Capability[];
  contextWindow?: number;
  maxOutputTokens?: number;
  notes: string;
};

const SPECS: SimSpec[] = [
  { slug: "gpt", upstreamModel: "emu-chat", wireFormat: "openai", displayName: "Simulated GPT-style (emulator)", price: STANDARD_PRICE, notes: "Emulator chat model speaking the OpenAI wire format." },
  {
    slug: "claude",
    upstreamModel: "emu-chat",
    wireFormat: "anthropic",
    displayName: "Simulated Claude-style (emulator)",
    price: { input: "1", output: "5", cachedInput: "0.1", cacheWrite: "1.25" },
    capabilities: ["chat", "streaming", "tools", "vision"],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    notes: "Emulator chat model speaking the Anthropic Messages wire format.",
  },
  {
    slug: "gemini",
    upstreamModel: "emu-chat",
    wireFormat: "gemini",
    displayName: "Simulated Gemini-style (emulator)",
    price: { input: "0.3", output: "2.5", cachedInput: "0.03", cacheWrite: null },
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    notes: "Emulator chat model speaking the Gemini wire format.",
  },
  {
    slug: "fast",
    upstreamModel: "emu-fast",
    wireFormat: "openai",
    displayName: "Simulated fast model (emulator)",
    price: { input: "0.1", output: "0.4", cachedInput: "0.025", cacheWrite: null },
    notes: "Emulator model with low latency and a high token rate.",
  },
  { slug: "flaky", upstreamModel: "emu-flaky", wireFormat: "openai", displayName: "Simulated flaky model (emulator)", price: STANDARD_PRICE, notes: "Fails a share of requests with retryable errors (failover demo)." },
  { slug: "down", upstreamModel: "emu-down", wireFormat: "openai", displayName: "Simulated outage (emulator)", price: STANDARD_PRICE, notes: "Always fails with a 5xx (circuit-breaker demo)." },
  { slug: "no-usage", upstreamModel: "emu-no-usage", wireFormat: "openai", displayName: "Simulated model without usage (emulator)", price: STANDARD_PRICE, notes: "Reports no usage, so the gateway must count tokens itself." },
  { slug: "cut", upstreamModel: "emu-cut", wireFormat: "openai", displayName: "Simulated mid-stream cut (emulator)", price: STANDARD_PRICE, notes: "Cuts streams off part-way through." },
  { slug: "slow", upstreamModel: "emu-slow", wireFormat: "openai", displayName: "Simulated slow model (emulator)", price: STANDARD_PRICE, notes: "High latency to first token (timeout demo)." },
  { slug: "rate-limited", upstreamModel: "emu-rate-limited", wireFormat: "openai", displayName: "Simulated rate-limited model (emulator)", price: STANDARD_PRICE, notes: "Answers 429 with retry-after." },
  {
    slug: "embed",
    upstreamModel: "emu-embed",
    wireFormat: "openai",
    displayName: "Simulated embeddings (emulator)",
    price: { input: "0.02", output: "0", cachedInput: null, cacheWrite: null },
    capabilities: ["embeddings"],
    contextWindow: 8_192,
    maxOutputTokens: 0,
    notes: "Emulator embeddings model (OpenAI wire format).",
  },
];

export function simulatedModels(priceDate: string): CatalogEntry[] {
  return SPECS.map((spec) => ({
    id: `sim/${spec.slug}`,
    provider: "emulator",
    upstreamModel: spec.upstreamModel,
    wireFormat: spec.wireFormat,
    aliases: [`sim-${spec.slug}`],
    displayName: spec.displayName,
    simulated: true,
    price: spec.price,
    contextWindow: spec.contextWindow ?? 128_000,
    maxOutputTokens: spec.maxOutputTokens ?? 16_384,
    capabilities: spec.capabilities ?? CHAT,
    priceSource: SOURCE,
    priceDate,
    contextWindowSource: SOURCE,
    maxOutputTokensSource: SOURCE,
    notes: `Simulated. ${spec.notes}`,
  }));
}
