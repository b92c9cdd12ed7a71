// Gemini embeddings: POST {baseUrl}/models/{model}:batchEmbedContents (one call also serves a
// single input), key in x-goog-api-key. Gemini reports no token usage for embeddings, so the
// gateway counts; it takes text only (no token ids) and at most 100 requests per batch.
import { z } from "zod";
import { postForJson } from "../http/call";
import type { NetworkPolicy } from "../http/ssrf";
import { trimTrailingSlash } from "../shared/content";
import { shapeError } from "../shared/validation";
import { readVectors } from "../shared/vectors";
import { UpstreamError, type CallOptions, type EmbeddingRequest, type EmbeddingResponse } from "../types";
import { parseGeminiErrorBody } from "./errors";
import { modelPath } from "./model-path";

/** Google's limit on requests in one batchEmbedContents call. */
export const GEMINI_EMBED_BATCH = 100;

export const geminiBatchEmbedResponseSchema = z.object({
  embeddings: z.array(z.object({ values: z.unknown() })),
});

export type GeminiEmbedOptions = { label: string; networkPolicy?: NetworkPolicy };

export function toGeminiBatchEmbedBody(model: string, texts: readonly string[], dimensions?: number): Record<string, unknown> {
  const name = modelPath(model);
  return {
    requests: texts.map((text) => ({
      model: name,
      content: { parts: [{ text }] },
      ...(dimensions === undefined ? {} : { outputDimensionality: dimensions }),
    })),
  };
}

export async function embedGemini(req: EmbeddingRequest, opts: CallOptions, o: GeminiEmbedOptions): Promise<EmbeddingResponse> {
  const texts = req.input;
  if (!texts.every((t): t is string => typeof t === "string")) {
    throw new UpstreamError(`${o.label} embeddings take text, not token ids`, 400, "http", false);
  }
  const { baseUrl, apiKey, headers } = opts.target;
  const h: Record<string, string> = { "content-type": "application/json", "x-goog-api-key": apiKey };
  if (headers) Object.assign(h, headers);
  const url = `${trimTrailingSlash(baseUrl)}/${modelPath(req.model)}:batchEmbedContents`;
  const vectors: number[][] = [];
  // Batches one after another: a large input stays within Google's per-call limit.
  for (let start = 0; start < texts.length; start += GEMINI_EMBED_BATCH) {
    const batch = texts.slice(start, start + GEMINI_EMBED_BATCH);
    const json = await postForJson({
      label: o.label, url, headers: h, apiKey, parseErrorBody: parseGeminiErrorBody, policy: o.networkPolicy,
      body: JSON.stringify(toGeminiBatchEmbedBody(req.model, batch, req.dimensions)),
    }, opts);
    const parsed = geminiBatchEmbedResponseSchema.safeParse(json);
    if (!parsed.success) throw shapeError(o.label, parsed.error);
    vectors.push(...readVectors(o.label, parsed.data.embeddings.map((e) => e.values), batch.length));
  }
  return { vectors };
}
