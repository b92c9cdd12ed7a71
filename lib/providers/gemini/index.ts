// The Google Gemini adapter: POST {baseUrl}/models/{model}:generateContent and
// :streamGenerateContent?alt=sse, key in x-goog-api-key. Base URL
// https://generativelanguage.googleapis.com/v1beta.
import { postForEvents, postForJson, type UpstreamCall } from "../http/call";
import type { ChunkStream } from "../chunk-stream";
import type { NetworkPolicy } from "../http/ssrf";
import { trimTrailingSlash } from "../shared/content";
import type {
  CallOptions,
  CanonicalRequest,
  CanonicalResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  ProviderAdapter,
} from "../types";
import { embedGemini } from "./embeddings";
import { parseGeminiErrorBody } from "./errors";
import { modelPath } from "./model-path";
import { toGeminiBody } from "./request";
import { toCanonicalGeminiResponse } from "./response";
import { GeminiStreamMapper } from "./stream";

export type GeminiAdapterOptions = { label?: string; networkPolicy?: NetworkPolicy };

export function createGeminiAdapter(options: GeminiAdapterOptions = {}): ProviderAdapter {
  const label = options.label ?? "gemini";
  const policy = options.networkPolicy;

  function buildCall(req: CanonicalRequest, stream: boolean, opts: CallOptions): UpstreamCall {
    const { baseUrl, apiKey, headers } = opts.target;
    const h: Record<string, string> = { "content-type": "application/json", "x-goog-api-key": apiKey };
    if (stream) h.accept = "text/event-stream";
    if (headers) Object.assign(h, headers);
    const method = stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return {
      label,
      url: `${trimTrailingSlash(baseUrl)}/${modelPath(req.model)}${method}`,
      headers: h,
      body: JSON.stringify(toGeminiBody(req)),
      apiKey,
      parseErrorBody: parseGeminiErrorBody,
      policy,
    };
  }

  return {
    wireFormat: "gemini",
    async complete(req: CanonicalRequest, opts: CallOptions): Promise<CanonicalResponse> {
      const json = await postForJson(buildCall(req, false, opts), opts);
      return toCanonicalGeminiResponse(json, label, req.model);
    },
    stream(req: CanonicalRequest, opts: CallOptions): ChunkStream {
      return postForEvents(
        () => ({
          call: buildCall(req, true, opts),
          mapper: new GeminiStreamMapper(label, opts.target.apiKey, req.model),
        }),
        opts,
      );
    },
    embed(req: EmbeddingRequest, opts: CallOptions): Promise<EmbeddingResponse> {
      return embedGemini(req, opts, { label, networkPolicy: policy });
    },
  };
}

export const geminiAdapter: ProviderAdapter = createGeminiAdapter();

export { toGeminiBody } from "./request";
export { toCanonicalGeminiResponse, mapGeminiUsage } from "./response";
export { GeminiStreamMapper } from "./stream";
export { parseGeminiErrorBody } from "./errors";
