// OpenAI-format embeddings: POST {baseUrl}/embeddings. The engine of OpenAI's own embedding
// models and of every compatible provider that offers them (Mistral, Together, Ollama, vLLM…).
// Floats are always asked for: every compatible server speaks them, and the gateway encodes
// base64 itself when its client wants it.
import { z } from "zod";
import { postForJson } from "../http/call";
import type { NetworkPolicy } from "../http/ssrf";
import { trimTrailingSlash } from "../shared/content";
import { shapeError } from "../shared/validation";
import { readVectors } from "../shared/vectors";
import type { CallOptions, EmbeddingRequest, EmbeddingResponse } from "../types";
import { parseOpenAIErrorBody } from "./errors";
import type { OpenAIDialect } from "./request";

const count = z.number().int().nonnegative();

/** The envelope; vectors are checked by readVectors (far cheaper than zod per number). */
export const openAIEmbeddingsResponseSchema = z.object({
  data: z.array(z.object({ index: count.nullish(), embedding: z.unknown() })),
  usage: z.object({ prompt_tokens: count }).nullish(),
});

export type OpenAIEmbedOptions = {
  label: string;
  dialect: OpenAIDialect;
  headers?: Readonly<Record<string, string>>;
  networkPolicy?: NetworkPolicy;
};

export function toOpenAIEmbeddingsBody(req: EmbeddingRequest, dialect: OpenAIDialect): Record<string, unknown> {
  const body: Record<string, unknown> = { model: req.model, input: req.input, encoding_format: "float" };
  if (req.dimensions !== undefined) body.dimensions = req.dimensions;
  if (req.user !== undefined && dialect.userField) body.user = req.user;
  return body;
}

export function toEmbeddingResponse(json: unknown, label: string, inputs: number): EmbeddingResponse {
  const parsed = openAIEmbeddingsResponseSchema.safeParse(json);
  if (!parsed.success) throw shapeError(label, parsed.error);
  const data = parsed.data.data;
  // Answers are in input order with `index` set; sort only when a server says otherwise.
  const ordered = data.every((d, i) => (d.index ?? i) === i) ? data : [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const out: EmbeddingResponse = { vectors: readVectors(label, ordered.map((d) => d.embedding), inputs) };
  if (parsed.data.usage) out.usage = { prompt_tokens: parsed.data.usage.prompt_tokens };
  return out;
}

export async function embedOpenAI(req: EmbeddingRequest, opts: CallOptions, o: OpenAIEmbedOptions): Promise<EmbeddingResponse> {
  const { baseUrl, apiKey, headers } = opts.target;
  const h: Record<string, string> = { "content-type": "application/json" };
  if (apiKey) h.authorization = `Bearer ${apiKey}`;
  if (o.headers) Object.assign(h, o.headers);
  if (headers) Object.assign(h, headers);
  const json = await postForJson({
    label: o.label,
    url: `${trimTrailingSlash(baseUrl)}/embeddings`,
    headers: h,
    body: JSON.stringify(toOpenAIEmbeddingsBody(req, o.dialect)),
    apiKey,
    parseErrorBody: parseOpenAIErrorBody,
    policy: o.networkPolicy,
  }, opts);
  return toEmbeddingResponse(json, o.label, req.input.length);
}
