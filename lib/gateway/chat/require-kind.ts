// A chat endpoint must not send an embedding model to a provider's chat API, nor the
// embeddings endpoint a chat model: either would fail upstream with a confusing message (or,
// worse, answer). Checked on the resolved chain, before anything is reserved.
import { AppError } from "@/lib/errors";
import { findModel } from "@/lib/catalog";
import { modelKind, type ModelKind } from "@/lib/catalog/model-kind";
import type { ChainLink } from "@/lib/gateway/chat/resolve-chain";

/** Throws a 400 naming the first model of the chain that is not of `kind`. */
export function requireKind(links: readonly ChainLink[], kind: ModelKind, requested: readonly string[]): void {
  for (const link of links) {
    if (modelKind(link.model) === kind) continue;
    // Error path only: find which field named the model.
    const i = requested.findIndex((name) => findModel(name)?.id === link.model.id);
    const param = i <= 0 ? "model" : `models[${i - 1}]`;
    const id = link.model.id;
    throw new AppError("invalid_request", kind === "embedding"
      ? `The model '${id}' is a chat model; POST /v1/embeddings needs an embedding model (GET /v1/models lists each model's kind).`
      : `The model '${id}' is an embedding model; use it with POST /v1/embeddings (GET /v1/models lists each model's kind).`, param);
  }
}
