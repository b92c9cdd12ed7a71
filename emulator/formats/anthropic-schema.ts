import { z } from "zod";

/** Anthropic Messages request, as much of it as the emulator reads. */
const cacheControl = z.object({ type: z.literal("ephemeral"), ttl: z.string().optional() }).nullish();

const textBlock = z.object({ type: z.literal("text"), text: z.string(), cache_control: cacheControl });
const imageBlock = z.object({
  type: z.literal("image"),
  source: z.union([
    z.object({ type: z.literal("base64"), media_type: z.string(), data: z.string() }),
    z.object({ type: z.literal("url"), url: z.string() }),
    z.looseObject({ type: z.string() }),
  ]),
  cache_control: cacheControl,
});
const toolUseBlock = z.object({
  type: z.literal("tool_use"),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  cache_control: cacheControl,
});
const toolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.union([textBlock, imageBlock, z.looseObject({ type: z.string() })]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});
const otherBlock = z.looseObject({ type: z.string(), cache_control: cacheControl });

export const anthropicBlockSchema = z.union([textBlock, imageBlock, toolUseBlock, toolResultBlock, otherBlock]);
export type AnthropicBlock = z.infer<typeof anthropicBlockSchema>;

const jsonSchemaObject = z.record(z.string(), z.unknown());
const outputFormat = z.object({ type: z.literal("json_schema"), schema: jsonSchemaObject });

export const messagesRequestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z
    .array(z.object({ role: z.enum(["user", "assistant"]), content: z.union([z.string(), z.array(anthropicBlockSchema)]) }))
    .min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  tools: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        description: z.string().optional(),
        input_schema: jsonSchemaObject.optional(),
        type: z.string().nullish(),
        cache_control: cacheControl,
      }),
    )
    .optional(),
  tool_choice: z
    .object({ type: z.enum(["auto", "any", "tool", "none"]), name: z.string().optional() })
    .loose()
    .optional(),
  output_config: z.object({ format: outputFormat.nullish() }).loose().optional(),
  output_format: outputFormat.nullish(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().optional(),
  top_k: z.number().optional(),
  metadata: z.object({ user_id: z.string().nullish() }).optional(),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

export const countTokensRequestSchema = messagesRequestSchema.omit({ max_tokens: true, stream: true, stop_sequences: true });
