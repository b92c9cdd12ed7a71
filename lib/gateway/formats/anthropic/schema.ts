// The Anthropic Messages request (`POST /v1/messages`) as the official API and SDK send it.
// Top level is strict, like Anthropic ("Extra inputs are not permitted"); blocks strip
// unknown keys so that content echoed back from a response (citations, caller, ...) passes.
import { z } from "zod";
import { fallbackModelsSchema, switchyardOptionsSchema } from "../extensions";
import { TOOL_NAME_PATTERN } from "../openai/schema";

/** Prompt-caching hints: accepted everywhere Anthropic allows them, then ignored. */
const cacheControl = z.looseObject({ type: z.literal("ephemeral") }).nullish();
const jsonObject = z.record(z.string(), z.unknown());

const textBlock = z.object({ type: z.literal("text"), text: z.string(), cache_control: cacheControl });
const imageBlock = z.object({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("base64"),
      media_type: z.enum(["image/jpeg", "image/png", "image/gif", "image/webp"]),
      data: z.string().min(1),
    }),
    z.object({ type: z.literal("url"), url: z.string().min(1) }),
  ]),
  cache_control: cacheControl,
});
const toolUseBlock = z.object({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: jsonObject,
  cache_control: cacheControl,
});
const toolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion("type", [textBlock, imageBlock]))]).nullish(),
  is_error: z.boolean().nullish(),
  cache_control: cacheControl,
});
// Extended-thinking blocks echoed back in assistant turns: accepted and dropped, since no
// canonical provider can verify another model's thinking signature.
const thinkingBlock = z.object({ type: z.literal("thinking"), thinking: z.string() });
const redactedThinkingBlock = z.object({ type: z.literal("redacted_thinking"), data: z.string() });

// Documents, search results, server-tool blocks etc. fail on the discriminator, which
// lists the supported block types.
const userBlock = z.discriminatedUnion("type", [textBlock, imageBlock, toolResultBlock]);
const assistantBlock = z.discriminatedUnion("type", [textBlock, toolUseBlock, thinkingBlock, redactedThinkingBlock]);
const systemContent = z.union([z.string(), z.array(textBlock)]);

export const anthropicMessageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("user"), content: z.union([z.string(), z.array(userBlock)]) }),
  z.object({ role: z.literal("assistant"), content: z.union([z.string(), z.array(assistantBlock)]) }),
  // Recent SDKs allow system turns inside `messages`.
  z.object({ role: z.literal("system"), content: systemContent }),
]);

export const anthropicToolSchema = z.object({
  // Only client ("custom") tools; server tools (web_search_*, bash_*, ...) are refused.
  type: z.literal("custom").nullish(),
  name: z.string().regex(TOOL_NAME_PATTERN),
  description: z.string().nullish(),
  input_schema: z.looseObject({ type: z.literal("object") }),
  strict: z.boolean().nullish(),
  cache_control: cacheControl,
});

export const anthropicToolChoiceSchema = z.discriminatedUnion("type", [
  // disable_parallel_tool_use has no canonical equivalent; accepted and dropped.
  z.object({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().nullish() }),
  z.object({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().nullish() }),
  z.object({ type: z.literal("tool"), name: z.string().min(1), disable_parallel_tool_use: z.boolean().nullish() }),
  z.object({ type: z.literal("none") }),
]);

/**
 * Anthropic parameters accepted and ignored: top_k (no OpenAI-shape equivalent),
 * top-level cache_control, thinking (we never return thinking blocks; the model answers
 * normally), service_tier, inference_geo, speed, diagnostics, user_profile_id, workspace_id,
 * and output_config.effort. Anything else unknown (container, mcp_servers,
 * context_management, ...) is rejected.
 */
export const IGNORED_ANTHROPIC_PARAMS = {
  top_k: z.int().min(0).nullish(),
  cache_control: cacheControl,
  thinking: z.looseObject({ type: z.string() }).nullish(),
  service_tier: z.string().nullish(),
  inference_geo: z.string().nullish(),
  speed: z.string().nullish(),
  diagnostics: z.unknown().optional(),
  user_profile_id: z.string().nullish(),
  workspace_id: z.string().nullish(),
} as const;

export const messagesBodySchema = z.strictObject({
  model: z.string().min(1),
  max_tokens: z.int().min(1),
  messages: z.array(anthropicMessageSchema),
  system: systemContent.nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  tools: z.array(anthropicToolSchema).nullish(),
  tool_choice: anthropicToolChoiceSchema.nullish(),
  metadata: z.object({ user_id: z.string().nullish() }).nullish(),
  // Structured output: format maps to response_format json_schema.
  output_config: z
    .object({
      effort: z.string().nullish(),
      format: z.object({ type: z.literal("json_schema"), schema: jsonObject }).nullish(),
    })
    .nullish(),
  models: fallbackModelsSchema.nullish(),
  switchyard: switchyardOptionsSchema.nullish(),
  ...IGNORED_ANTHROPIC_PARAMS,
});

export type MessagesBody = z.infer<typeof messagesBodySchema>;
export type ImageSourceInput = z.infer<typeof imageBlock>["source"];
export type ToolResultInput = z.infer<typeof toolResultBlock>;
export type AssistantBlockInput = z.infer<typeof assistantBlock>;
export type AnthropicMessageInput = z.infer<typeof anthropicMessageSchema>;
