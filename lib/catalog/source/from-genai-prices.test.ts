import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import catalogJson from "../models.json";
import { catalogFileSchema } from "../schema";
import { buildCatalog, buildRealEntry } from "./from-genai-prices";
import { REAL_MODELS, type RealModelSpec } from "./real-models";

const file = catalogFileSchema.parse(catalogJson);

function installedVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@pydantic/genai-prices");
  const manifest: unknown = JSON.parse(readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8"));
  if (typeof manifest !== "object" || manifest === null || !("version" in manifest) || typeof manifest.version !== "string") {
    throw new Error("no version in the genai-prices manifest");
  }
  return manifest.version;
}

function spec(id: string): RealModelSpec {
  const found = REAL_MODELS.find((s) => s.id === id);
  if (!found) throw new Error(`no spec ${id}`);
  return found;
}

describe("generate-catalog", () => {
  it("models.json is exactly what the generator produces from the installed package", () => {
    // Fails after a package upgrade or a list edit until `npx tsx scripts/generate-catalog.ts` is rerun.
    expect(file.source.version).toBe(installedVersion());
    expect(buildCatalog(file.pricesAsOf, installedVersion())).toEqual(file);
  });

  it("takes the base tier of tiered prices and says so", () => {
    const entry = buildRealEntry(spec("google/gemini-2.5-pro"), "2026-11-25", "pkg");
    expect(entry.price).toEqual({ input: "1.25", output: "10", cachedInput: "0.125", cacheWrite: null });
    expect(entry.notes).toContain("input: base tier 1.25 used; tiered 2.5 above 200000 prompt tokens");
    expect(entry.contextWindowSource).toMatch(/^manual/);
  });

  it("bills the peak rate of time-of-day prices", () => {
    const entry = buildRealEntry(spec("deepseek/deepseek-chat"), "2026-11-25", "pkg");
    expect(entry.price).toEqual({ input: "0.27", output: "1.1", cachedInput: "0.07", cacheWrite: null });
    expect(entry.notes).toMatch(/^time-of-day pricing/);
  });

  it("resolves dated prices for the as-of date", () => {
    // OpenAI cut o3 from $10/$40 to $2/$8 on 2025-06-10.
    expect(buildRealEntry(spec("openai/o3"), "2025-06-01", "pkg").price?.input).toBe("10");
    expect(buildRealEntry(spec("openai/o3"), "2025-06-10", "pkg").price?.input).toBe("2");
  });

  it("fails loudly when a wire name resolves to a different package model", () => {
    const wrong = { ...spec("openai/gpt-4o"), upstreamModel: "gpt-4o-mini" };
    expect(() => buildRealEntry(wrong, "2026-11-25", "pkg")).toThrow(/resolved to openai\/gpt-4o-mini/);
    const unknown = { ...spec("openai/gpt-4o"), upstreamModel: "definitely-not-a-model" };
    expect(() => buildRealEntry(unknown, "2026-11-25", "pkg")).toThrow(/no price/);
  });

  it("rejects a malformed as-of date", () => {
    expect(() => buildCatalog("25/11/2026", "0.0.0")).toThrow(/YYYY-MM-DD/);
  });
});
