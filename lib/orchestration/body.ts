// Request bodies of the orchestration endpoints. Each mode has its own fields (a zod object:
// `models`, `routing`, `strategy`, …); everything else is the chat request every sub-call
// shares — `messages` and the usual generation parameters — validated by the same schema and
// rules as /chat/completions, so a bad field is the same 400 naming the same field.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isObj } from "@/lib/json-checks";
import { parseChatCompletionsBody } from "@/lib/gateway/formats/openai/parse";
import { openAIFormatError } from "@/lib/gateway/formats/openai/issue-message";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import { pickIssue } from "@/lib/gateway/formats/zod-issue";

export type OrchestrationBody<T> = {
  /** The mode's own fields. */
  own: T;
  /** The shared chat request (messages, parameters); its `models` chain is the mode's business. */
  chat: ParsedChatRequest;
  /** `stream` (default true: the orchestration endpoints stream unless told not to). */
  stream: boolean;
};

/** Fields every mode accepts besides the chat request's. */
const commonFields = { stream: z.boolean().nullish() };

// One schema per mode, built once: zod compiles a schema on its first use, which per request
// cost more than the validation itself (pass the mode's shape as a module-level constant).
const schemas = new WeakMap<z.ZodRawShape, z.ZodObject>();

function schemaFor<S extends z.ZodRawShape>(shape: S): z.ZodObject<typeof commonFields & S> {
  let schema = schemas.get(shape);
  if (schema === undefined) schemas.set(shape, (schema = z.object({ ...commonFields, ...shape })));
  return schema as z.ZodObject<typeof commonFields & S>;
}

function invalid(message: string, param: string | null): AppError {
  return new AppError("invalid_request", message, param);
}

/**
 * Splits and validates a body. `shape`: the mode's own fields (a module-level constant: its
 * schema is built once). `modelFromOwn`: for modes
 * without a top-level `model` (compare, blend, judge), the model the shared request is
 * validated with (any of the mode's models); such a body naming `model` is refused.
 */
export function parseOrchestrationBody<S extends z.ZodRawShape>(
  body: unknown, shape: S, modelFromOwn?: (own: z.infer<z.ZodObject<S>>) => string,
): OrchestrationBody<z.infer<z.ZodObject<S>>> {
  if (!isObj(body)) throw invalid("The request body must be a JSON object.", null);
  const schema = schemaFor(shape);
  const ownPart: Record<string, unknown> = {};
  const chatPart: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k in schema.shape) ownPart[k] = v;
    else chatPart[k] = v;
  }
  const parsed = schema.safeParse(ownPart, { reportInput: true });
  if (!parsed.success) {
    const e = openAIFormatError(pickIssue(parsed.error.issues));
    throw invalid(e.message, e.param);
  }
  const own = parsed.data as z.infer<z.ZodObject<S>> & { stream?: boolean | null };
  if (modelFromOwn) {
    if ("model" in chatPart) throw invalid("Unrecognized request argument supplied: model. This endpoint takes 'models'.", "model");
    chatPart.model = modelFromOwn(own);
  }
  const chat = parseChatCompletionsBody(chatPart);
  if (!chat.ok) throw invalid(chat.error.message, chat.error.param);
  return { own, chat: chat.value, stream: own.stream ?? true };
}
