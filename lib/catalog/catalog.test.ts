import { describe, expect, it } from "vitest";
import catalogJson from "./models.json";
import {
  Catalog,
  UnpricedModelError,
  catalogFileSchema,
  catalogVersion,
  currentCatalogVersion,
  findModel,
  getPrice,
  listModels,
  requirePrice,
  toOpenAiModel,
  type CatalogEntry,
} from "./index";

const file = catalogFileSchema.parse(catalogJson);
const REQUIRED_PROVIDERS = ["openai", "anthropic", "google", "mistral", "deepseek", "xai", "groq", "together", "fireworks", "cerebras"];

/** A known model that has no price yet: kept only here, never in the shipped file. */
const UNPRICED: CatalogEntry = {
  id: "openai/gpt-next-preview",
  provider: "openai",
  upstreamModel: "gpt-next-preview",
  wireFormat: "openai",
  aliases: ["gpt-next-preview"],
  displayName: "GPT Next (preview, unpriced)",
  simulated: false,
  price: null,
  contextWindow: 128_000,
  maxOutputTokens: 16_384,
  capabilities: ["chat", "streaming"],
  priceSource: "none yet",
  priceDate: "2026-11-25",
  contextWindowSource: "test",
  maxOutputTokensSource: "test",
  notes: null,
};

describe("models.json", () => {
  it("validates against the schema and records its source", () => {
    expect(file.version).toMatch(/^\d{4}-\d{2}-\d{2}\.[0-9a-f]{10}$/);
    expect(file.version).toBe(catalogVersion);
    expect(file.source.package).toBe("@pydantic/genai-prices");
    expect(file.source.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("ships at least 30 real models covering every required provider", () => {
    const real = file.models.filter((m) => !m.simulated);
    expect(real.length).toBeGreaterThanOrEqual(30);
    const providers = new Set(real.map((m) => m.provider));
    for (const p of REQUIRED_PROVIDERS) expect(providers, p).toContain(p);
    for (const m of real) {
      expect(m.priceSource.startsWith(`@pydantic/genai-prices@${file.source.version} (`), m.id).toBe(true);
      expect(m.priceDate).toBe(file.pricesAsOf);
      expect(m.id.startsWith(`${m.provider}/`)).toBe(true);
    }
  });

  it("gives every shipped model an alias and a non-zero price", () => {
    for (const m of file.models) {
      expect(m.aliases.length, m.id).toBeGreaterThanOrEqual(1);
      expect(m.price, m.id).not.toBeNull();
      const price = getPrice(m);
      expect(price?.inputPerToken, m.id).toBeGreaterThan(0n);
      if (!m.capabilities.includes("embeddings")) expect(price?.outputPerToken, m.id).toBeGreaterThan(0n);
    }
  });

  it("speaks the right wire format per provider", () => {
    for (const m of file.models.filter((e) => !e.simulated)) {
      const expected = m.provider === "anthropic" ? "anthropic" : m.provider === "google" ? "gemini" : "openai";
      expect(m.wireFormat, m.id).toBe(expected);
    }
  });

  it("includes the emulator models, clearly labelled", () => {
    const expected: Record<string, [string, string]> = {
      "sim/gpt": ["emu-chat", "openai"],
      "sim/claude": ["emu-chat", "anthropic"],
      "sim/gemini": ["emu-chat", "gemini"],
      "sim/fast": ["emu-fast", "openai"],
      "sim/flaky": ["emu-flaky", "openai"],
      "sim/down": ["emu-down", "openai"],
      "sim/no-usage": ["emu-no-usage", "openai"],
      "sim/cut": ["emu-cut", "openai"],
      "sim/slow": ["emu-slow", "openai"],
      "sim/rate-limited": ["emu-rate-limited", "openai"],
      "sim/embed": ["emu-embed", "openai"],
    };
    const sims = file.models.filter((m) => m.simulated);
    expect(sims.map((m) => m.id).sort()).toEqual(Object.keys(expected).sort());
    for (const m of sims) {
      expect(m.provider).toBe("emulator");
      expect([m.upstreamModel, m.wireFormat]).toEqual(expected[m.id]);
      expect(m.displayName).toMatch(/^Simulated .*\(emulator\)$/);
    }
    expect(findModel("sim/embed")?.capabilities).toEqual(["embeddings"]);
  });
});

describe("lookups", () => {
  it("finds models by id and alias, case-insensitively", () => {
    expect(findModel("openai/gpt-4.1-mini")?.upstreamModel).toBe("gpt-4.1-mini");
    expect(findModel("gpt-4.1-mini")?.id).toBe("openai/gpt-4.1-mini");
    expect(findModel("Claude-Sonnet-4-5")?.id).toBe("anthropic/claude-sonnet-4-5");
    expect(findModel("claude-sonnet-4.5")?.id).toBe("anthropic/claude-sonnet-4-5");
    expect(findModel("claude-sonnet-4-5-20250929")?.upstreamModel).toBe("claude-sonnet-4-5");
    expect(findModel("GOOGLE/Gemini-2.5-Flash")?.wireFormat).toBe("gemini");
    expect(findModel("  gpt-4o  ")?.id).toBe("openai/gpt-4o");
    expect(findModel("sim-gpt")?.id).toBe("sim/gpt");
    expect(findModel("gpt-oss-120b")?.id).toBe("groq/gpt-oss-120b");
  });

  it("returns null for unknown models", () => {
    expect(findModel("openai/gpt-9000")).toBeNull();
    expect(findModel("")).toBeNull();
    expect(findModel("gpt-4.1-mini/extra")).toBeNull();
    expect(getPrice("no-such-model")).toBeNull();
  });

  it("lists simulated models only when asked", () => {
    expect(listModels().some((m) => m.simulated)).toBe(false);
    expect(listModels({ includeSimulated: true }).length).toBe(file.models.length);
    expect(listModels({ includeSimulated: false }).length).toBe(file.models.filter((m) => !m.simulated).length);
  });

  it("returns price snapshots in units per token for the current catalog version", () => {
    expect(getPrice("gpt-4o-mini")).toEqual({
      modelId: "openai/gpt-4o-mini",
      catalogVersion,
      inputPerToken: 150_000n,
      outputPerToken: 600_000n,
      cachedInputPerToken: 75_000n,
      cacheWritePerToken: null,
    });
    expect(currentCatalogVersion()).toBe(catalogVersion);
  });
});

describe("unpriced and custom models", () => {
  const withUnpriced = Catalog.fromFile(catalogJson).withCustomModels([UNPRICED]);

  it("keeps an unpriced model findable but refuses to price it", () => {
    expect(withUnpriced.find("gpt-next-preview")?.id).toBe(UNPRICED.id);
    expect(withUnpriced.price("gpt-next-preview")).toBeNull();
    expect(() => requirePrice(UNPRICED)).toThrow(UnpricedModelError);
    expect(toOpenAiModel(UNPRICED, { available: true, reason: null }).pricing).toBeNull();
  });

  it("tags the version of a catalog with custom models", () => {
    expect(withUnpriced.version).toMatch(new RegExp(`^${catalogVersion.replace(".", "\\.")}\\+custom\\.[0-9a-f]{8}$`));
    const again = withUnpriced.withCustomModels([UNPRICED]);
    expect(again.version).toBe(withUnpriced.version);
    expect(withUnpriced.price("gpt-4o")?.catalogVersion).toBe(withUnpriced.version);
  });

  it("lets a custom entry override a built-in price", () => {
    const base = findModel("openai/gpt-4o-mini");
    if (!base?.price) throw new Error("fixture missing");
    const custom = { ...base, price: { ...base.price, input: "0.1" }, priceSource: "negotiated" };
    const catalog = Catalog.fromFile(catalogJson).withCustomModels([custom]);
    expect(catalog.price("gpt-4o-mini")?.inputPerToken).toBe(100_000n);
    expect(catalog.list().filter((m) => m.id === base.id)).toHaveLength(1);
  });

  it("validates custom entries and refuses alias clashes", () => {
    const catalog = Catalog.fromFile(catalogJson);
    expect(() => catalog.withCustomModels([{ ...UNPRICED, price: { input: "-1", output: "1", cachedInput: null, cacheWrite: null } }])).toThrow();
    expect(() => catalog.withCustomModels([{ ...UNPRICED, price: { input: "0", output: "1", cachedInput: null, cacheWrite: null } }])).toThrow();
    expect(() => catalog.withCustomModels([{ ...UNPRICED, aliases: [] }])).toThrow();
    expect(() => catalog.withCustomModels([{ ...UNPRICED, id: "No Slash" }])).toThrow();
    expect(() => catalog.withCustomModels([{ ...UNPRICED, extra: 1 }])).toThrow();
    expect(() => catalog.withCustomModels([{ ...UNPRICED, aliases: ["gpt-4o"] }])).toThrow(/names both/);
    expect(() => catalog.withCustomModels([UNPRICED, UNPRICED])).toThrow(/duplicate id/);
  });
});

describe("toOpenAiModel", () => {
  it("builds the /v1/models item with our extensions", () => {
    const model = findModel("claude-haiku-4-5");
    if (!model) throw new Error("fixture missing");
    const availability = { available: false, reason: "Not available on this deployment: reasons" } as const;
    expect(toOpenAiModel(model, availability)).toEqual({
      id: "anthropic/claude-haiku-4-5",
      object: "model",
      created: Date.parse(`${model.priceDate}T00:00:00Z`) / 1000,
      owned_by: "anthropic",
      display_name: "Claude Haiku 4.5",
      aliases: ["claude-haiku-4-5", "claude-haiku-4.5", "claude-haiku-4-5-20251001"],
      pricing: { input: "1", output: "5", cached_input: "0.1", cache_write: "1.25", unit: "usd_per_million_tokens" },
      context_window: 200_000,
      max_output_tokens: 64_000,
      capabilities: ["chat", "streaming", "tools", "vision", "reasoning"],
      kind: "chat",
      simulated: false,
      available: false,
      unavailable_reason: "Not available on this deployment: reasons",
    });
    expect(JSON.parse(JSON.stringify(toOpenAiModel(model, availability)))).toEqual(toOpenAiModel(model, availability));
  });
});
