// The Anthropic Messages API adapter (POST {baseUrl}/v1/messages; base URL without /v1,
// as in Anthropic's SDK).
import { postForEvents, postForJson, type UpstreamCall } from "../http/call";
import type { ChunkStream } from "../chunk-stream";
import type { NetworkPolicy } from "../http/ssrf";
import { trimTrailingSlash } from "../shared/content";
import type {
  CallOptions,
  CanonicalRequest,
  CanonicalResponse,
  ProviderAdapter,
} from "../types";
import { parseAnthropicErrorBody } from "./errors";
import { ANTHROPIC_VERSION, DEFAULT_MAX_TOKENS, toAnthropicRequest, type AnthropicWireRequest } from "./request";
import { toCanonicalAnthropicResponse } from "./response";
import { AnthropicStreamMapper } from "./stream";

export type AnthropicAdapterOptions = {
  label?: string;
  /**
   * max_tokens when the request has none (Anthropic requires it). Give the model's max
   * output from the catalog; the default is a conservative 4096.
   */
  defaultMaxTokens?: (model: string) => number | undefined;
  networkPolicy?: NetworkPolicy;
};

export function createAnthropicAdapter(options: AnthropicAdapterOptions = {}): ProviderAdapter {
  const label = options.label ?? "anthropic";
  const policy = options.networkPolicy;
  const maxTokensFor = options.defaultMaxTokens;

  function buildCall(wire: AnthropicWireRequest, stream: boolean, opts: CallOptions): UpstreamCall {
    const { baseUrl, apiKey, headers } = opts.target;
    const h: Record<string, string> = {
      "content-type": "application/json",
      "x-api-key": apiKey,
      "anthropic-version": ANTHROPIC_VERSION,
    };
    if (stream) h.accept = "text/event-stream";
    if (headers) Object.assign(h, headers);
    return {
      label,
      url: `${trimTrailingSlash(baseUrl)}/v1/messages`,
      headers: h,
      body: JSON.stringify(wire.body),
      apiKey,
      parseErrorBody: parseAnthropicErrorBody,
      policy,
    };
  }

  function wireRequest(req: CanonicalRequest, stream: boolean): AnthropicWireRequest {
    const r = req.stream === stream ? req : Object.assign({}, req, { stream });
    return toAnthropicRequest(r, maxTokensFor?.(req.model) ?? DEFAULT_MAX_TOKENS);
  }

  return {
    wireFormat: "anthropic",
    async complete(req: CanonicalRequest, opts: CallOptions): Promise<CanonicalResponse> {
      const wire = wireRequest(req, false);
      const json = await postForJson(buildCall(wire, false, opts), opts);
      return toCanonicalAnthropicResponse(json, label, req.model, wire.jsonToolName);
    },
    stream(req: CanonicalRequest, opts: CallOptions): ChunkStream {
      return postForEvents(() => {
        const wire = wireRequest(req, true);
        return {
          call: buildCall(wire, true, opts),
          mapper: new AnthropicStreamMapper(label, opts.target.apiKey, req.model, wire.jsonToolName),
        };
      }, opts);
    },
  };
}

export const anthropicAdapter: ProviderAdapter = createAnthropicAdapter();

export { ANTHROPIC_VERSION, DEFAULT_MAX_TOKENS, toAnthropicRequest } from "./request";
export { toCanonicalAnthropicResponse, mapAnthropicUsage } from "./response";
export { AnthropicStreamMapper } from "./stream";
export { parseAnthropicErrorBody } from "./errors";
