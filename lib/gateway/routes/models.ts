// GET /models and /models/{id}: the public catalog (no key needed, like OpenRouter). Each entry
// says whether it can be served here (`available`, `unavailable_reason`): without a key, for
// this deployment; with one (a bad key is a 401 as anywhere), for that key — its account's
// own provider keys (BYOK) and its allowed_models; a test key's simulator answers every model.
import { AppError } from "@/lib/errors";
import { findModel, listModels, toOpenAiModel, type CatalogEntry } from "@/lib/catalog";
import { availabilityForKey, deploymentAvailability, type KeyView, type ModelAvailability } from "@/lib/catalog/availability";
import { byokKeysFor } from "@/lib/byok/store";
import { authenticate } from "@/lib/gateway/authenticate";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { simulatedModelsEnabled } from "@/lib/gateway/providers-config";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";

/** The caller's view: null = no key sent (the deployment's view). */
async function keyView(req: ApiRequest, res: ApiResponse): Promise<KeyView | null> {
  if (!req.header("authorization") && !req.header("x-api-key")) return null;
  const key = await authenticate(req, res);
  if (key.mode === "test") return { allowedModels: key.allowedModels, byok: null, testMode: true };
  return { allowedModels: key.allowedModels, byok: await byokKeysFor(key.userId) };
}

function availabilityOf(entry: CatalogEntry, view: KeyView | null): ModelAvailability {
  return view ? availabilityForKey(entry, view) : deploymentAvailability(entry);
}

export async function listModelsRoute(req: ApiRequest, res: ApiResponse): Promise<void> {
  ensureCustomUpstreams();
  const view = await keyView(req, res);
  const data = listModels({ includeSimulated: simulatedModelsEnabled() }).map((m) => toOpenAiModel(m, availabilityOf(m, view)));
  sendJson(res, 200, { object: "list", data });
}

export async function getModel(req: ApiRequest, res: ApiResponse, { id }: { id: string }): Promise<void> {
  ensureCustomUpstreams();
  const model = findModel(id);
  if (!model || (model.simulated && !simulatedModelsEnabled())) {
    throw new AppError("model_not_found", `The model '${id}' does not exist. GET /v1/models lists the available models.`, "model");
  }
  sendJson(res, 200, toOpenAiModel(model, availabilityOf(model, await keyView(req, res))));
}
