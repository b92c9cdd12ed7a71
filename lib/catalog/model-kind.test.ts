import { describe, expect, it } from "vitest";
import { findModel, listModels } from "@/lib/catalog";
import { modelKind } from "@/lib/catalog/model-kind";
import { toOpenAiModel } from "@/lib/catalog/openai-model";

describe("modelKind", () => {
  it("calls the embedding models of the catalog 'embedding' and every other model 'chat'", () => {
    const embedding = listModels({ includeSimulated: true }).filter((m) => modelKind(m) === "embedding").map((m) => m.id);
    expect(embedding.sort()).toEqual([
      "google/gemini-embedding-001", "mistral/mistral-embed", "openai/text-embedding-3-large", "openai/text-embedding-3-small", "sim/embed",
    ]);
    expect(modelKind(findModel("sim/gpt")!)).toBe("chat");
  });

  it("is on every /v1/models item", () => {
    const item = toOpenAiModel(findModel("text-embedding-3-small")!, { available: true, reason: null });
    expect(item).toMatchObject({ id: "openai/text-embedding-3-small", kind: "embedding", max_output_tokens: 0 });
  });
});
