// Operator-defined OpenAI-compatible upstreams, from config alone (no code):
//   SWITCHYARD_UPSTREAMS='[{"id":"acme","baseUrl":"https://llm.acme.internal/v1","apiKey":"…",
//     "models":[{"name":"llama-3.3-70b","input":"0.59","output":"0.79","contextWindow":131072,
//                "maxOutputTokens":8192}]}]'
// or the same JSON in the file named by SWITCHYARD_UPSTREAMS_FILE. Each model becomes a
// catalog entry `<id>/<name>` billed at the prices given (USD per million tokens); a model
// without prices is refused, never billed $0 (the catalog schema enforces it).
import fs from "node:fs";
import { z } from "zod";
import { env } from "@/lib/env";
import { registerCustomModels, CAPABILITIES } from "@/lib/catalog";
import { customProviderSchema } from "./custom";
import { registerCustomProviders } from ".";

const customModelSchema = z.strictObject({
  name: z.string().min(1).max(200),
  aliases: z.array(z.string()).optional(),
  displayName: z.string().optional(),
  input: z.string(),
  output: z.string(),
  cachedInput: z.string().nullable().optional(),
  contextWindow: z.int().positive(),
  maxOutputTokens: z.int().positive(),
  capabilities: z.array(z.enum(CAPABILITIES)).optional(),
});

const upstreamSchema = customProviderSchema.extend({ models: z.array(customModelSchema).min(1) });
const fileSchema = z.array(upstreamSchema);
type CustomUpstream = z.infer<typeof upstreamSchema>;

function readConfig(): unknown[] {
  const { SWITCHYARD_UPSTREAMS: inline, SWITCHYARD_UPSTREAMS_FILE: file } = env();
  const text = inline ?? (file ? fs.readFileSync(file, "utf8") : null);
  if (!text) return [];
  try {
    return JSON.parse(text) as unknown[];
  } catch {
    throw new Error(`${inline ? "SWITCHYARD_UPSTREAMS" : file} is not valid JSON`);
  }
}

/** Catalog entries for one upstream's models (validated again by the catalog). */
function catalogEntriesFor(u: CustomUpstream, today = new Date().toISOString().slice(0, 10)): unknown[] {
  return u.models.map((m) => {
    const slug = m.name.toLowerCase();
    return {
      id: `${u.id}/${slug}`, provider: u.id, upstreamModel: m.name, wireFormat: "openai",
      aliases: m.aliases ?? [`${u.id}-${slug}`.replace(/[^a-z0-9._:-]/g, "-")],
      displayName: m.displayName ?? m.name, simulated: false,
      price: { input: m.input, output: m.output, cachedInput: m.cachedInput ?? null, cacheWrite: null },
      contextWindow: m.contextWindow, maxOutputTokens: m.maxOutputTokens,
      capabilities: m.capabilities ?? ["chat", "streaming", "tools", "json"],
      priceSource: "operator config", priceDate: today,
      contextWindowSource: "operator config", maxOutputTokensSource: "operator config", notes: null,
    };
  });
}

let loaded = false;

/** Registers the configured upstreams once per process; throws (at first use) on a bad config. */
export function ensureCustomUpstreams(): void {
  if (loaded) return;
  const parsed = fileSchema.safeParse(readConfig());
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`Invalid SWITCHYARD_UPSTREAMS: [${i.path.join(".")}] ${i.message}`);
  }
  if (parsed.data.length) {
    // The operator wrote this config, so loopback/private addresses (Ollama, vLLM boxes) are fine.
    registerCustomProviders(parsed.data.map(({ models: _models, ...provider }) => provider),
      { allowLoopback: true, allowPrivateNetwork: true });
    registerCustomModels(parsed.data.flatMap((u) => catalogEntriesFor(u)));
  }
  loaded = true;
}
