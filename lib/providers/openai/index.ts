// The OpenAI Chat Completions adapter. Also the engine of every OpenAI-compatible provider:
// those are this adapter with another label and dialect (see ../openai-compatible).
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
import { embedOpenAI } from "./embeddings";
import { parseOpenAIErrorBody } from "./errors";
import { OPENAI_DIALECT, toOpenAIBody, type OpenAIDialect } from "./request";
import { toCanonicalResponse } from "./response";
import { OpenAIStreamMapper } from "./stream";

export type OpenAIAdapterOptions = {
  /** Names the upstream in error messages. Default "openai". */
  label?: string;
  dialect?: OpenAIDialect;
  /** Headers every request to this provider carries (target.headers still win). */
  headers?: Readonly<Record<string, string>>;
  /** SSRF policy for untrusted base URLs (custom upstreams, BYOK endpoints). */
  networkPolicy?: NetworkPolicy;
};

export function createOpenAIAdapter(options: OpenAIAdapterOptions = {}): ProviderAdapter {
  const label = options.label ?? "openai";
  const dialect = options.dialect ?? OPENAI_DIALECT;
  const staticHeaders = options.headers;
  const policy = options.networkPolicy;

  function buildCall(req: CanonicalRequest, opts: CallOptions): UpstreamCall {
    const { baseUrl, apiKey, headers } = opts.target;
    const h: Record<string, string> = { "content-type": "application/json" };
    if (req.stream) h.accept = "text/event-stream";
    if (apiKey) h.authorization = `Bearer ${apiKey}`;
    if (staticHeaders) Object.assign(h, staticHeaders);
    if (headers) Object.assign(h, headers);
    return {
      label,
      url: `${trimTrailingSlash(baseUrl)}/chat/completions`,
      headers: h,
      body: JSON.stringify(toOpenAIBody(req, dialect)),
      apiKey,
      parseErrorBody: parseOpenAIErrorBody,
      policy,
    };
  }

  return {
    wireFormat: "openai",
    async complete(req: CanonicalRequest, opts: CallOptions): Promise<CanonicalResponse> {
      const call = buildCall(req.stream ? Object.assign({}, req, { stream: false }) : req, opts);
      return toCanonicalResponse(await postForJson(call, opts), label, req.model);
    },
    stream(req: CanonicalRequest, opts: CallOptions): ChunkStream {
      return postForEvents(
        () => ({
          call: buildCall(req.stream ? req : Object.assign({}, req, { stream: true }), opts),
          mapper: new OpenAIStreamMapper(label, opts.target.apiKey, req.model),
        }),
        opts,
      );
    },
    embed(req: EmbeddingRequest, opts: CallOptions): Promise<EmbeddingResponse> {
      return embedOpenAI(req, opts, { label, dialect, headers: staticHeaders, networkPolicy: policy });
    },
  };
}

/** OpenAI proper (api.openai.com). */
export const openaiAdapter: ProviderAdapter = createOpenAIAdapter();

export { OPENAI_DIALECT, toOpenAIBody, type OpenAIDialect } from "./request";
export { toCanonicalResponse as toCanonicalOpenAIResponse, mapOpenAIUsage } from "./response";
export { OpenAIStreamMapper } from "./stream";
export { parseOpenAIErrorBody } from "./errors";
