// The `POST /v1/responses` body (OpenAI Responses API) as far as a stateless gateway can serve
// it: text and image input, function tools, structured output, streaming. Unknown top-level
// arguments are refused, as OpenAI does. Input items and tools are checked one by one in
// parse.ts (by their `type`), so an error names the exact item.
import { z } from "zod";
import { fallbackModelsSchema, switchyardOptionsSchema } from "../extensions";
import { MAX_TOOLS, TOOL_NAME_PATTERN } from "../openai/schema";

const jsonObject = z.record(z.string(), z.unknown());

export const inputTextPart = z.object({ type: z.literal("input_text"), text: z.string() });
export const inputImagePart = z.object({
  type: z.literal("input_image"),
  image_url: z.string().min(1).nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(["auto", "low", "high"]).nullish(),
});
/** Assistant text echoed back from an earlier response's output (annotations are dropped). */
export const outputTextPart = z.object({ type: z.literal("output_text"), text: z.string() });
const refusalPart = z.object({ type: z.literal("refusal"), refusal: z.string() });
// Recognised so that parse can refuse it with a useful message.
const inputFilePart = z.looseObject({ type: z.literal("input_file") });

export const contentPartSchema = z.discriminatedUnion("type", [inputTextPart, inputImagePart, outputTextPart, refusalPart, inputFilePart]);
export type ContentPartInput = z.infer<typeof contentPartSchema>;

const content = z.union([z.string(), z.array(contentPartSchema).min(1)]);

/** `type` is optional on messages (`{ role, content }` is an "easy input message"). */
export const messageItemSchema = z.object({
  type: z.literal("message").optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content,
});

export const functionCallItemSchema = z.object({
  type: z.literal("function_call"),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

export const functionCallOutputItemSchema = z.object({
  type: z.literal("function_call_output"),
  call_id: z.string().min(1),
  output: content,
});

export const functionToolSchema = z.object({
  type: z.literal("function"),
  name: z.string().regex(TOOL_NAME_PATTERN),
  description: z.string().nullish(),
  parameters: jsonObject.nullish(),
  strict: z.boolean().nullish(),
});
export type FunctionToolInput = z.infer<typeof functionToolSchema>;

export const toolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), name: z.string().min(1) }),
  // Hosted-tool and allowed_tools choices: refused in parse.
  z.looseObject({ type: z.string() }),
]);

export const textFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    name: z.string().regex(TOOL_NAME_PATTERN),
    schema: jsonObject,
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);
export type TextFormatInput = z.infer<typeof textFormatSchema>;

/**
 * Accepted and ignored (sampling and bookkeeping hints that do not change the shape of the
 * answer): include, reasoning, service_tier, truncation, max_tool_calls, top_logprobs,
 * prompt_cache_key, prompt_cache_retention, safety_identifier, stream_options, text.verbosity.
 * `store` is accepted, but nothing is ever stored (the answer says `store: false`).
 */
export const responsesBodySchema = z.strictObject({
  model: z.string().min(1).nullish(),
  input: z.union([z.string(), z.array(jsonObject).min(1)]),
  instructions: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).max(MAX_TOOLS).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_output_tokens: z.int().min(1).nullish(),
  text: z.object({ format: textFormatSchema.nullish(), verbosity: z.enum(["low", "medium", "high"]).nullish() }).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({}).nullish(),
  store: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().nullish(),
  include: z.array(z.string()).nullish(),
  reasoning: z.looseObject({}).nullish(),
  service_tier: z.string().nullish(),
  truncation: z.enum(["auto", "disabled"]).nullish(),
  max_tool_calls: z.int().min(1).nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
  prompt_cache_key: z.string().nullish(),
  prompt_cache_retention: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  // Refused with a clear 400 when set (parse.ts): they need server-side state.
  previous_response_id: z.string().nullish(),
  conversation: z.unknown().optional(),
  background: z.boolean().nullish(),
  prompt: z.unknown().optional(),
  models: fallbackModelsSchema.nullish(),
  switchyard: switchyardOptionsSchema.nullish(),
});
export type ResponsesBody = z.infer<typeof responsesBodySchema>;
