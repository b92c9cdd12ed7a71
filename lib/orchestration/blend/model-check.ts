// Checks a model a later stage will use (the synthesizer, the judge) before the first stage
// runs, so a typo or a model the key may not use is a 4xx up front rather than an error event
// after the sources were paid for. The full admission (price, provider, limits, reservation)
// still happens when that stage is prepared; this is only the part that needs no I/O.
import { AppError } from "@/lib/errors";
import { findModel, type CatalogEntry } from "@/lib/catalog";
import { isAutoModel } from "@/lib/routing/auto";
import { isPolicyModel } from "@/lib/policies/resolve";

/** The catalog entry of `name` (null for `auto` or a policy, chosen when the stage runs); 404/403 naming `param`. */
export function checkLaterStageModel(name: string, allowedModels: readonly string[], param: string): CatalogEntry | null {
  if (isAutoModel(name) || isPolicyModel(name)) return null;
  const model = findModel(name);
  if (!model) throw new AppError("model_not_found", `The model '${name}' does not exist. GET /v1/models lists the available models.`, param);
  if (allowedModels.length > 0 && !allowedModels.includes(model.id)) {
    throw new AppError("permission_denied", `This API key may not use the model '${model.id}'.`, param);
  }
  return model;
}
