// Models and prices: the versioned catalog (models.json), lookups, exact cost arithmetic,
// the /v1/models shape and prompt token estimates. See SPEC §3–4.
export {
  CAPABILITIES,
  WIRE_FORMATS,
  catalogEntrySchema,
  catalogFileSchema,
  type Capability,
  type CatalogEntry,
  type CatalogFile,
  type ModelPrice,
  type WireFormat,
} from "./schema";
export {
  Catalog,
  catalogVersion,
  currentCatalogVersion,
  findModel,
  getCatalog,
  getPrice,
  listModels,
  registerCustomModels,
  requirePrice,
} from "./registry";
export {
  UnpricedModelError,
  computeCost,
  parsePriceSnapshot,
  priceSnapshotFor,
  serializePriceSnapshot,
  worstCaseCost,
  type PriceSnapshot,
  type PriceSnapshotJson,
  type TokenUsage,
} from "./pricing";
export { toOpenAiModel, type OpenAiModelObject } from "./openai-model";
export {
  countPromptTokens,
  promptTokensUpperBound,
  countTextTokens,
  estimatePromptTokens,
  estimateTokensUpperBound,
  usesO200k,
} from "./token-count";
