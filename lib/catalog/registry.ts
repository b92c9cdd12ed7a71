// The in-memory catalog: models.json validated once on first use, indexed by lowercase id and
// alias in one Map, with every price snapshot precomputed so the request hot path does two
// Map lookups and no parsing. Operator custom models produce a NEW catalog that is swapped in
// whole, so a lookup never sees a half-merged state.
import { z } from "zod";
import catalogJson from "./models.json";
import { UnpricedModelError, priceSnapshotFor, type PriceSnapshot } from "./pricing";
import { catalogEntrySchema, catalogFileSchema, type CatalogEntry, type CatalogFile } from "./schema";

export class Catalog {
  readonly version: string;
  private readonly entries: readonly CatalogEntry[];
  private readonly byName = new Map<string, CatalogEntry>();
  private readonly prices = new Map<CatalogEntry, PriceSnapshot | null>();

  constructor(version: string, entries: readonly CatalogEntry[]) {
    this.version = version;
    this.entries = entries;
    for (const entry of entries) {
      for (const name of [entry.id, ...entry.aliases]) {
        const key = name.toLowerCase();
        const existing = this.byName.get(key);
        if (existing && existing !== entry) {
          throw new Error(`catalog: "${name}" names both ${existing.id} and ${entry.id}`);
        }
        this.byName.set(key, entry);
      }
      this.prices.set(entry, priceSnapshotFor(entry, version));
    }
  }

  static fromFile(file: unknown): Catalog {
    const parsed: CatalogFile = catalogFileSchema.parse(file);
    return new Catalog(parsed.version, parsed.models);
  }

  list(options: { includeSimulated?: boolean } = {}): CatalogEntry[] {
    return options.includeSimulated ? [...this.entries] : this.entries.filter((e) => !e.simulated);
  }

  find(idOrAlias: string): CatalogEntry | null {
    return this.byName.get(idOrAlias.trim().toLowerCase()) ?? null;
  }

  /** Null when the model has no price (refuse it) or is not in this catalog. */
  price(entryOrName: CatalogEntry | string): PriceSnapshot | null {
    const entry = typeof entryOrName === "string" ? this.find(entryOrName) : entryOrName;
    if (!entry) return null;
    const cached = this.prices.get(entry);
    if (cached !== undefined) return cached;
    // An entry object from an older catalog generation: price it by id in this one.
    const current = this.find(entry.id);
    return current ? (this.prices.get(current) ?? null) : null;
  }

  /**
   * A new catalog with `custom` merged in. A custom entry with an existing id replaces the
   * built-in one (e.g. a negotiated price); an alias clash with another model is an error.
   * The version gains a `+custom.<hash>` suffix so billed requests record which prices applied.
   */
  withCustomModels(custom: readonly unknown[]): Catalog {
    const parsed = z.array(catalogEntrySchema).parse(custom);
    const ids = new Set(parsed.map((e) => e.id));
    if (ids.size !== parsed.length) throw new Error("custom models: duplicate id");
    const merged = [...this.entries.filter((e) => !ids.has(e.id)), ...parsed];
    const baseVersion = this.version.split("+custom.")[0];
    return new Catalog(`${baseVersion}+custom.${fnv1a(JSON.stringify(parsed))}`, merged);
  }
}

/** 32-bit FNV-1a as 8 hex chars: a version tag, not a security hash (works in any runtime). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

// ---------- The process-wide catalog ----------

let current: Catalog | null = null;

/** The shipped catalog (plus any registered custom models), validated on first use. */
export function getCatalog(): Catalog {
  current ??= Catalog.fromFile(catalogJson);
  return current;
}

/** Merges operator-defined models (validated) into the process-wide catalog at startup. */
export function registerCustomModels(entries: readonly unknown[]): Catalog {
  current = getCatalog().withCustomModels(entries);
  return current;
}

/** Version of the shipped models.json (what prisma/seed.ts writes to model_prices). */
export const catalogVersion: string = catalogJson.version;

/** Version in force now: the shipped one, or `<shipped>+custom.<hash>` after registerCustomModels. */
export function currentCatalogVersion(): string {
  return getCatalog().version;
}

export function listModels(options: { includeSimulated?: boolean } = {}): CatalogEntry[] {
  return getCatalog().list(options);
}

/** Case-insensitive lookup by id (`openai/gpt-4.1-mini`) or alias (`gpt-4.1-mini`). */
export function findModel(idOrAlias: string): CatalogEntry | null {
  return getCatalog().find(idOrAlias);
}

/** The price snapshot to bill at, or null when the model has no price (refuse it). */
export function getPrice(model: CatalogEntry | string): PriceSnapshot | null {
  return getCatalog().price(model);
}

/** Like getPrice, but throws UnpricedModelError instead of returning null. */
export function requirePrice(model: CatalogEntry | string): PriceSnapshot {
  const price = getPrice(model);
  if (!price) throw new UnpricedModelError(typeof model === "string" ? model : model.id);
  return price;
}
