// Idempotent seed: writes the current catalog version's prices into model_prices (the
// database copy of the versioned price file). Existing (model, version) rows are kept.
import { catalogVersion, getPrice, listModels } from "@/lib/catalog";
import { closeDb, db } from "@/lib/db";

const rows = listModels({ includeSimulated: true }).flatMap((m) => {
  const price = getPrice(m);
  if (!price) return [];
  return [{
    modelId: m.id,
    version: catalogVersion,
    provider: m.provider,
    inputPerToken: price.inputPerToken,
    outputPerToken: price.outputPerToken,
    cachedInputPerToken: price.cachedInputPerToken,
    cacheWritePerToken: price.cacheWritePerToken,
    contextWindow: m.contextWindow,
    maxOutputTokens: m.maxOutputTokens,
    capabilities: m.capabilities,
    source: m.priceSource,
    effectiveAt: new Date(m.priceDate),
  }];
});

const { count } = await db().modelPrice.createMany({ data: rows, skipDuplicates: true });
console.log(`catalog ${catalogVersion}: ${rows.length} priced models, ${count} new price rows`);
await closeDb();
