// What a catalog model is for: chat (chat/completions, messages, responses) or embeddings.
// Derived from the capabilities, so models.json needs no extra field.
import type { CatalogEntry } from "./schema";

export type ModelKind = "chat" | "embedding";

export function modelKind(entry: Pick<CatalogEntry, "capabilities">): ModelKind {
  return entry.capabilities.includes("chat") || !entry.capabilities.includes("embeddings") ? "chat" : "embedding";
}
