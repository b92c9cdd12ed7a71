// Zod schemas for the Anthropic Messages API responses and stream events we read.
import { z } from "zod";

const count = z.number().int().nonnegative();

export const anthropicUsageSchema = z.object({
  input_tokens: count.nullish(),
  output_tokens: count.nullish(),
  cache_creation_input_tokens: count.nullish(),
  cache_read_input_tokens: count.nullish(),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** Loose on block types (thinking, server tools… are skipped), checked where used. */
export const anthropicContentBlockSchema = z.object({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
});
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

export const anthropicResponseSchema = z.object({
  id: z.string(),
  type: z.literal("message"),
  model: z.string().nullish(),
  content: z.array(anthropicContentBlockSchema),
  stop_reason: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});

const messageStart = z.object({
  type: z.literal("message_start"),
  message: z.object({ id: z.string(), model: z.string().nullish(), usage: anthropicUsageSchema.nullish() }),
});
const blockStart = z.object({
  type: z.literal("content_block_start"),
  index: z.number().int().nonnegative(),
  content_block: anthropicContentBlockSchema,
});
const blockDelta = z.object({
  type: z.literal("content_block_delta"),
  index: z.number().int().nonnegative(),
  delta: z.object({
    type: z.string(),
    text: z.string().optional(),
    partial_json: z.string().optional(),
  }),
});
const blockStop = z.object({ type: z.literal("content_block_stop"), index: z.number() });
const messageDelta = z.object({
  type: z.literal("message_delta"),
  delta: z.object({ stop_reason: z.string().nullish() }),
  usage: anthropicUsageSchema.nullish(),
});
const messageStop = z.object({ type: z.literal("message_stop") });
const ping = z.object({ type: z.literal("ping") });
const errorEvent = z.object({
  type: z.literal("error"),
  error: z.object({ type: z.string().nullish(), message: z.string().nullish() }),
});

export const anthropicEventSchema = z.discriminatedUnion("type", [
  messageStart,
  blockStart,
  blockDelta,
  blockStop,
  messageDelta,
  messageStop,
  ping,
  errorEvent,
]);

/** Event types we understand; others are skipped, as Anthropic's versioning policy asks. */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set([
  "message_start",
  "content_block_start",
  "content_block_delta",
  "content_block_stop",
  "message_delta",
  "message_stop",
  "ping",
  "error",
]);

export const anthropicErrorBodySchema = z.object({
  type: z.literal("error").optional(),
  error: z.object({ type: z.string().nullish(), message: z.string().nullish() }),
});
