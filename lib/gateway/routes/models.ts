// GET /models and /models/{id}: the public catalog (no key needed, like OpenRouter).
import { AppError } from "@/lib/errors";
import { findModel, listModels, toOpenAiModel } from "@/lib/catalog";
import { sendJson } from "@/lib/gateway/http/respond";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import { simulatedModelsEnabled } from "@/lib/gateway/providers-config";
import { ensureCustomUpstreams } from "@/lib/providers/openai-compatible/custom-upstreams";

export async function listModelsRoute(_req: ApiRequest, res: ApiResponse): Promise<void> {
  ensureCustomUpstreams();
  const data = listModels({ includeSimulated: simulatedModelsEnabled() }).map(toOpenAiModel);
  sendJson(res, 200, { object: "list", data });
}

export async function getModel(_req: ApiRequest, res: ApiResponse, { id }: { id: string }): Promise<void> {
  ensureCustomUpstreams();
  const model = findModel(id);
  if (!model || (model.simulated && !simulatedModelsEnabled())) {
    throw new AppError("model_not_found", `The model '${id}' does not exist. GET /v1/models lists the available models.`, "model");
  }
  sendJson(res, 200, toOpenAiModel(model));
}
