// Zod schemas for what we read from OpenAI-compatible upstreams. Plain `z.object` strips
// unknown keys: lenient on new fields, strict (typed) on the ones we use, and it only
// touches the keys we declare.
import { z } from "zod";

const count = z.number().int().nonnegative();

export const openAIUsageSchema = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count.nullish(),
  prompt_tokens_details: z
    .object({
      cached_tokens: count.nullish(),
      // OpenRouter reports cache writes of the providers it fronts here.
      cache_write_tokens: count.nullish(),
    })
    .nullish(),
  // DeepSeek's names for cache hits.
  prompt_cache_hit_tokens: count.nullish(),
});
export type OpenAIUsage = z.infer<typeof openAIUsageSchema>;

/** Some compatible servers send arguments as an object; normalised to a string later. */
const argumentsSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

export const openAIToolCallSchema = z.object({
  id: z.string(),
  type: z.string().nullish(),
  function: z.object({ name: z.string(), arguments: argumentsSchema.nullish() }),
});

export const openAIResponseSchema = z.object({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z.array(openAIToolCallSchema).nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: openAIUsageSchema.nullish(),
});
export type OpenAIResponse = z.infer<typeof openAIResponseSchema>;

export const openAIToolCallDeltaSchema = z.object({
  index: z.number().int().nonnegative().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z
    .object({ name: z.string().nullish(), arguments: argumentsSchema.nullish() })
    .nullish(),
});

export const openAIChunkSchema = z.object({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        delta: z
          .object({
            role: z.string().nullish(),
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            tool_calls: z.array(openAIToolCallDeltaSchema).nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: openAIUsageSchema.nullish(),
  // Groq's older streams report usage here instead of in `usage`.
  x_groq: z.object({ usage: openAIUsageSchema.nullish() }).nullish(),
  error: z.unknown().optional(),
});
export type OpenAIChunk = z.infer<typeof openAIChunkSchema>;

/** Error bodies seen across OpenAI and compatible servers. */
export const openAIErrorBodySchema = z.union([
  // OpenAI, Groq, xAI, DeepSeek, OpenRouter…: {"error":{"message","type","code","param"}}
  z.object({
    error: z.object({
      message: z.string().nullish(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
    }),
  }),
  // Ollama and some proxies: {"error":"model not found"}
  z.object({ error: z.string() }),
  // Mistral: {"object":"error","message":"…","type":"invalid_request_error"}; FastAPI: {"detail":…}
  z.object({
    message: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
    type: z.string().nullish(),
    detail: z.unknown().optional(),
  }),
]);
