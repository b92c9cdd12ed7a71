// The `POST /v1/chat/completions` body as the official OpenAI API accepts it, plus
// Switchyard's extensions. Like OpenAI, unknown top-level arguments are rejected (strict
// object → "Unrecognized request argument supplied"); message objects strip unknown keys so
// that assistant messages echoed back from a response (`refusal`, `annotations`, `audio`,
// provider-specific extras) never fail a follow-up request.
import { z } from "zod";
import { fallbackModelsSchema, switchyardOptionsSchema } from "../extensions";

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const MAX_STOP_SEQUENCES = 4;
export const MAX_TOOLS = 128;

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const imagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.object({
    url: z.string().min(1),
    detail: z.enum(["auto", "low", "high"]).nullish(),
  }),
});
// `input_audio` and `file` parts are not supported: the discriminator error lists what is.
const userPart = z.discriminatedUnion("type", [textPart, imagePart]);
// Echoed assistant messages may carry refusal parts; they are dropped on the way in.
const assistantPart = z.discriminatedUnion("type", [
  textPart,
  z.object({ type: z.literal("refusal"), refusal: z.string() }),
]);

const textContent = z.union([z.string(), z.array(textPart).min(1)]);
const name = z.string().nullish();

export const toolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

export const messageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content: textContent, name }),
  z.object({ role: z.literal("developer"), content: textContent, name }),
  z.object({
    role: z.literal("user"),
    content: z.union([z.string(), z.array(userPart).min(1)]),
    name,
  }),
  z.object({
    role: z.literal("assistant"),
    content: z.union([z.string(), z.array(assistantPart)]).nullish(),
    tool_calls: z.array(toolCallSchema).nullish(),
    name,
  }),
  z.object({ role: z.literal("tool"), content: textContent, tool_call_id: z.string().min(1) }),
  // Legacy role: recognised only so that parse can reject it with a useful message.
  z.looseObject({ role: z.literal("function") }),
]);

/** Any JSON object (not an array, not null): what a JSON-schema slot must hold. */
const jsonObject = z.record(z.string(), z.unknown());

export const functionToolSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(TOOL_NAME_PATTERN),
    description: z.string().nullish(),
    parameters: jsonObject.nullish(),
    strict: z.boolean().nullish(),
  }),
});

export const toolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string().min(1) }) }),
]);

export const responseFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    json_schema: z.object({
      name: z.string().regex(TOOL_NAME_PATTERN),
      description: z.string().nullish(),
      schema: jsonObject.nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const positiveInt = z.int().min(1);

/**
 * OpenAI parameters Switchyard accepts and deliberately ignores (validated loosely so that a
 * typo'd value still fails like it would at OpenAI, then dropped before routing):
 * frequency_penalty, presence_penalty, logit_bias, logprobs, top_logprobs,
 * parallel_tool_calls, metadata, store, reasoning_effort, service_tier, modalities (text
 * only), prediction, verbosity, prompt_cache_key, prompt_cache_retention, safety_identifier.
 * They are sampling/bookkeeping hints not every provider has; dropping them never changes
 * the shape of the answer a client parses.
 */
export const IGNORED_OPENAI_PARAMS = {
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  reasoning_effort: z.string().nullish(),
  service_tier: z.string().nullish(),
  modalities: z.array(z.literal("text")).nullish(),
  prediction: z.unknown().optional(),
  verbosity: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  prompt_cache_retention: z.string().nullish(),
  safety_identifier: z.string().nullish(),
} as const;

/**
 * OpenAI parameters that are recognised but refused with a clear 400 when set: ignoring
 * them would silently change what the client gets back (no function call, no audio, no
 * web search). `n` is refused separately when it is not 1.
 */
export const REFUSED_OPENAI_PARAMS = {
  functions: "'functions' is deprecated and not supported; use 'tools' instead.",
  function_call: "'function_call' is deprecated and not supported; use 'tool_choice' instead.",
  audio: "Audio output is not supported by Switchyard.",
  web_search_options: "Web search is not supported by Switchyard.",
} as const;

export const chatCompletionsBodySchema = z.strictObject({
  // Optional here so a body with only `models` works; parse reports a missing model.
  model: z.string().min(1).nullish(),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z
    .object({ include_usage: z.boolean().nullish(), include_obfuscation: z.boolean().nullish() })
    .nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(MAX_STOP_SEQUENCES)]).nullish(),
  seed: z.int().nullish(),
  tools: z.array(functionToolSchema).max(MAX_TOOLS).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  response_format: responseFormatSchema.nullish(),
  user: z.string().nullish(),
  n: z.int().nullish(),
  models: fallbackModelsSchema.nullish(),
  switchyard: switchyardOptionsSchema.nullish(),
  ...IGNORED_OPENAI_PARAMS,
  functions: z.unknown().optional(),
  function_call: z.unknown().optional(),
  audio: z.unknown().optional(),
  web_search_options: z.unknown().optional(),
});

export type ChatCompletionsBody = z.infer<typeof chatCompletionsBodySchema>;
export type ChatCompletionsMessage = z.infer<typeof messageSchema>;
