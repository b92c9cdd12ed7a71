// Vectors → the OpenAI `list` of `embedding` objects. base64 is what OpenAI sends: the
// little-endian float32 bytes of the vector (the OpenAI SDKs ask for it by default).
import type { EmbeddingResponse } from "@/lib/providers/types";

export type EmbeddingsList = {
  object: "list";
  data: Array<{ object: "embedding"; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
};

export function float32Base64(vector: readonly number[]): string {
  const f = Float32Array.from(vector);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString("base64");
}

/** `modelId` is the Switchyard model id (e.g. `openai/text-embedding-3-small`). */
export function toEmbeddingsList(
  result: EmbeddingResponse, modelId: string, promptTokens: number, encoding: "float" | "base64",
): EmbeddingsList {
  return {
    object: "list",
    data: result.vectors.map((v, index) => ({
      object: "embedding", index, embedding: encoding === "base64" ? float32Base64(v) : v,
    })),
    model: modelId,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

/** What the request log keeps of an answer: its shape, not megabytes of floats. */
export function embeddingsLogBody(list: EmbeddingsList, dimensions: number): unknown {
  return { object: "list", model: list.model, count: list.data.length, dimensions, encoding: typeof list.data[0]?.embedding === "string" ? "base64" : "float", usage: list.usage };
}
