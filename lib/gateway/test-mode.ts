// Test-mode keys (docs/test-mode.md): every model a test key names is answered by the
// in-process simulator (lib/providers/simulator), whatever providers this deployment has keys
// for, at a price of zero — the reservation is then zero (no hold, no balance touched) and
// billing settles it at zero (settleRequest's `test`). The chat pipeline swaps the chain with
// one line (run-chat.ts planChat: simulatedChain for test keys, resolveChain for live ones).
import { AppError } from "@/lib/errors";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { findModel, type CatalogEntry, type PriceSnapshot } from "@/lib/catalog";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";
import { SIMULATE_HEADER, attachSimulation, parseSimulation, simulatorAdapter } from "@/lib/providers/simulator";
import { isAutoModel } from "@/lib/routing/auto";
import type { ChainLink } from "@/lib/gateway/chat/resolve-chain";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { simulatedModelsEnabled } from "@/lib/gateway/providers-config";

export const SIMULATOR_PROVIDER = "simulator";
/** What `model: "auto"` resolves to in test mode (no live figures to route on). */
export const TEST_AUTO_MODEL = "openai/gpt-4o-mini";
export const LIVE_KEY_WARNING = `${SIMULATE_HEADER} is ignored for live keys`;

const TARGET = Object.freeze({ baseUrl: "simulator://", apiKey: "" });

type SimulatedModel = { entry: CatalogEntry; price: PriceSnapshot; breakerKey: string };
// Built once per catalog entry (hot path for test keys): the entry as the simulator serves it
// — provider "simulator" in headers, logs and metrics, so simulated failures never read as the
// real provider's — and its zero price.
const simulated = new WeakMap<CatalogEntry, SimulatedModel>();

function simulatedModel(model: CatalogEntry): SimulatedModel {
  let s = simulated.get(model);
  if (!s) {
    const price: PriceSnapshot = {
      modelId: model.id, catalogVersion: "test-mode", inputPerToken: 0n, outputPerToken: 0n, cachedInputPerToken: null, cacheWritePerToken: null,
    };
    // upstreamModel = the catalog id: the simulator names the model it stands in for.
    s = { entry: Object.assign({}, model, { provider: SIMULATOR_PROVIDER, upstreamModel: model.id }), price, breakerKey: `${SIMULATOR_PROVIDER}:${model.id}` };
    simulated.set(model, s);
  }
  return s;
}

/**
 * The chain for a test key: the requested models (aliases resolved, `auto` as TEST_AUTO_MODEL),
 * each served by the simulator. Unknown → 404 and not allowed for this key → 403, as live.
 */
export function simulatedChain(requested: string[], allowedModels: string[]): ChainLink[] {
  ensureCustomUpstreams();
  const links: ChainLink[] = [];
  for (const [i, asked] of requested.entries()) {
    const param = i === 0 ? "model" : `models[${i - 1}]`;
    const name = isAutoModel(asked) ? TEST_AUTO_MODEL : asked;
    const model = findModel(name);
    if (!model || (model.simulated && !simulatedModelsEnabled())) {
      throw new AppError("model_not_found", `The model '${asked}' does not exist. GET /v1/models lists the available models.`, param);
    }
    if (allowedModels.length && !allowedModels.includes(model.id)) {
      throw new AppError("permission_denied", `This API key may not use the model '${model.id}'.`, param);
    }
    if (links.some((l) => l.model.id === model.id)) continue;
    const s = simulatedModel(model);
    links.push({ model: s.entry, price: s.price, adapter: simulatorAdapter(model.wireFormat), target: TARGET, breakerKey: s.breakerKey });
  }
  return links;
}

/**
 * `x-switchyard-simulate`: for a test key, the request's script (a bad one is a 400 naming the
 * problem); a live key ignores it and says so in `x-switchyard-warning`.
 */
export function applySimulateHeader(req: ApiRequest, res: ApiResponse, key: Pick<CachedKey, "mode">): void {
  const raw = req.header(SIMULATE_HEADER);
  if (raw === undefined) return;
  if (key.mode !== "test") {
    res.setHeader("x-switchyard-warning", LIVE_KEY_WARNING);
    return;
  }
  const parsed = parseSimulation(raw);
  if (!parsed.ok) throw new AppError("invalid_request", parsed.message, SIMULATE_HEADER);
  attachSimulation(req.signal, parsed.value);
}
