// Canonical request / response / chunk types. The canonical shape IS the OpenAI Chat
// Completions wire shape (the lingua franca of gateways): ingress formats (OpenAI,
// Anthropic Messages, native /chat) map into it and provider adapters map out of it.
// These types describe data that has already been validated at the edge (zod).
import type { Cancel } from "@/lib/cancel";
import type { ChunkStream } from "./chunk-stream";

export type TextPart = { type: "text"; text: string };
export type ImagePart = {
  type: "image_url";
  image_url: { url: string; detail?: "auto" | "low" | "high" };
};
export type ContentPart = TextPart | ImagePart;

export type ToolCall = {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
};

export type ChatMessage =
  | { role: "system" | "developer"; content: string | TextPart[]; name?: string }
  | { role: "user"; content: string | ContentPart[]; name?: string }
  | {
      role: "assistant";
      content: string | TextPart[] | null;
      tool_calls?: ToolCall[];
      name?: string;
    }
  | { role: "tool"; content: string | TextPart[]; tool_call_id: string };

export type ToolDefinition = {
  type: "function";
  function: {
    name: string;
    description?: string;
    parameters?: Record<string, unknown>;
    strict?: boolean;
  };
};

export type ToolChoice =
  | "none"
  | "auto"
  | "required"
  | { type: "function"; function: { name: string } };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | {
      type: "json_schema";
      json_schema: {
        name: string;
        description?: string;
        schema?: Record<string, unknown>;
        strict?: boolean;
      };
    };

/** What a provider adapter receives: `model` is already the provider's own model name. */
export type CanonicalRequest = {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  seed?: number;
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  response_format?: ResponseFormat;
  user?: string;
};

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Prompt tokens served from the provider's cache (billed at the cached-input price). */
  cached_tokens?: number;
  /** Prompt tokens written to the provider's cache (billed at the cache-write price). */
  cache_write_tokens?: number;
};

export type CanonicalResponse = {
  id: string;
  created: number;
  model: string;
  message: {
    role: "assistant";
    content: string | null;
    tool_calls?: ToolCall[];
  };
  finish_reason: FinishReason;
  /** Undefined when the provider reported none (the gateway then estimates). */
  usage?: Usage;
};

/** One streamed delta. Tool-call deltas follow OpenAI's indexed, incremental form. */
export type CanonicalChunk = {
  id: string;
  created: number;
  model: string;
  delta: {
    role?: "assistant";
    content?: string;
    tool_calls?: Array<{
      index: number;
      id?: string;
      type?: "function";
      function?: { name?: string; arguments?: string };
    }>;
  };
  finish_reason?: FinishReason | null;
  /** Present on the final chunk when the provider reports usage. */
  usage?: Usage;
};

/** Where and how to reach one upstream for one attempt. */
export type UpstreamTarget = {
  baseUrl: string;
  apiKey: string;
  /** Extra headers required by the provider (e.g. anthropic-version). */
  headers?: Record<string, string>;
};

export type CallOptions = {
  target: UpstreamTarget;
  signal: Cancel;
  /** Per-attempt timeouts in ms. */
  timeouts?: { connect?: number; firstByte?: number; total?: number };
};

/** An embeddings call: `model` is the provider's own name; text inputs, or token-id arrays
 *  (OpenAI-format upstreams only). Vectors come back as floats, one per input, in order. */
export type EmbeddingRequest = {
  model: string;
  input: string[] | number[][];
  dimensions?: number;
  user?: string;
};

export type EmbeddingResponse = {
  vectors: number[][];
  /** Undefined when the provider reported none (Gemini): the gateway counts. */
  usage?: { prompt_tokens: number };
};

/**
 * A provider adapter: translates canonical requests into one wire format and back.
 * `complete` resolves with the whole response; `stream` yields canonical chunks as the
 * upstream sends them (never buffered; a batch per read, chunk-stream.ts). Both throw
 * UpstreamError on non-2xx/garbage.
 * `embed` exists on the formats that have an embeddings endpoint (OpenAI-style, Gemini).
 */
export interface ProviderAdapter {
  readonly wireFormat: "openai" | "anthropic" | "gemini";
  complete(req: CanonicalRequest, opts: CallOptions): Promise<CanonicalResponse>;
  stream(req: CanonicalRequest, opts: CallOptions): ChunkStream;
  embed?(req: EmbeddingRequest, opts: CallOptions): Promise<EmbeddingResponse>;
}

/** Thrown by adapters. `retryable` follows SPEC §5 (408/409/425/429/5xx/timeouts/network). */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly kind: "http" | "timeout" | "network" | "invalid_response" | "aborted",
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}
