// OpenAI Chat Completions body → ParsedChatRequest. Validation is zod (schema.ts), with a
// fast check in front for the usual plain-text body (lib/gateway/fast-path/simple-body.ts); this file
// adds the cross-field rules OpenAI enforces and maps to the canonical request, dropping
// every null and ignored parameter so provider adapters only see what matters.
import type {
  ChatMessage,
  ContentPart,
  ResponseFormat,
  TextPart,
  ToolChoice,
  ToolDefinition,
} from "@/lib/providers/types";
import { buildModelChain, extensionFields } from "../extensions";
import type { FormatError, ParsedChatRequest, ParseResult } from "../types";
import { pickIssue } from "../zod-issue";
import { openAIFormatError } from "./issue-message";
import {
  chatCompletionsBodySchema,
  REFUSED_OPENAI_PARAMS,
  type ChatCompletionsBody,
  type ChatCompletionsMessage,
} from "./schema";
import { isSimpleChatBody } from "@/lib/gateway/fast-path/simple-body";
import { trickOn } from "@/lib/perf-tricks";

const SIMPLE_ON = trickOn("simple-body");
/** Listed once, not per request. */
const REFUSED_PARAMS = Object.entries(REFUSED_OPENAI_PARAMS) as Array<[keyof typeof REFUSED_OPENAI_PARAMS, string]>;

/** Thrown inside the mappers to stop at the first problem; never escapes this module. */
class Reject {
  constructor(readonly error: FormatError) {}
}

function reject(message: string, param: string | null, code: string | null = "invalid_value"): never {
  throw new Reject({ message, param, code });
}

export function parseChatCompletionsBody(json: unknown): ParseResult {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, error: { message: "The request body must be a JSON object.", param: null, code: "invalid_type" } };
  }
  let body: ChatCompletionsBody;
  if (SIMPLE_ON && isSimpleChatBody(json)) body = json;
  else {
    const parsed = chatCompletionsBodySchema.safeParse(json, { reportInput: true });
    if (!parsed.success) return { ok: false, error: openAIFormatError(pickIssue(parsed.error.issues)) };
    body = parsed.data;
  }
  try {
    return { ok: true, value: toParsedRequest(body) };
  } catch (err) {
    if (err instanceof Reject) return { ok: false, error: err.error };
    throw err;
  }
}

function toParsedRequest(body: ChatCompletionsBody): ParsedChatRequest {
  for (const [key, message] of REFUSED_PARAMS) {
    if (body[key] != null) reject(message, key, "unsupported_parameter");
  }
  if (body.n != null && body.n !== 1) {
    reject(`Invalid 'n': Switchyard returns one choice per request, so only n=1 is supported (got ${body.n}).`, "n", "unsupported_value");
  }
  const models = buildModelChain(body.model ?? undefined, body.models ?? []);
  if (models.length === 0) reject("Missing required parameter: 'model'.", "model", "missing_required_parameter");

  const stream = body.stream === true;
  const canonical: ParsedChatRequest["canonical"] = {
    messages: body.messages.map(toCanonicalMessage),
    stream,
  };
  if (body.temperature != null) canonical.temperature = body.temperature;
  if (body.top_p != null) canonical.top_p = body.top_p;
  // max_completion_tokens is OpenAI's successor to max_tokens; it wins when both are sent.
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) canonical.max_tokens = maxTokens;
  const stop = typeof body.stop === "string" ? [body.stop] : body.stop;
  if (stop && stop.length > 0) canonical.stop = stop;
  if (body.seed != null) canonical.seed = body.seed;
  const tools = body.tools?.map(toCanonicalTool);
  if (tools && tools.length > 0) canonical.tools = tools;
  const toolChoice = toCanonicalToolChoice(body.tool_choice, tools);
  if (toolChoice) canonical.tool_choice = toolChoice;
  if (body.response_format) canonical.response_format = toCanonicalResponseFormat(body.response_format);
  if (body.user) canonical.user = body.user;

  const out: ParsedChatRequest = {
    models,
    canonical,
    // OpenAI rejects stream_options without stream; we ignore it instead (harmless, and
    // clients written against lenient gateways send it unconditionally).
    includeUsage: stream && body.stream_options?.include_usage === true,
    ...extensionFields(body.switchyard),
  };
  if (body.user) out.user = body.user;
  return out;
}

function toCanonicalMessage(msg: ChatCompletionsMessage, i: number): ChatMessage {
  switch (msg.role) {
    case "system":
    case "developer": {
      const m: ChatMessage = { role: msg.role, content: textContent(msg.content) };
      if (msg.name) m.name = msg.name;
      return m;
    }
    case "user": {
      const content: string | ContentPart[] =
        typeof msg.content === "string" ? msg.content : msg.content.map(toUserPart);
      const m: ChatMessage = { role: "user", content };
      if (msg.name) m.name = msg.name;
      return m;
    }
    case "assistant":
      return toAssistantMessage(msg, i);
    case "tool":
      return { role: "tool", content: textContent(msg.content), tool_call_id: msg.tool_call_id };
    case "function":
      return reject(
        "The 'function' role is deprecated and not supported; send tool results as role 'tool' with 'tool_call_id'.",
        `messages[${i}].role`,
        "unsupported_value",
      );
  }
}

type AssistantInput = Extract<ChatCompletionsMessage, { role: "assistant" }>;

function toAssistantMessage(msg: AssistantInput, i: number): ChatMessage {
  let content: string | TextPart[] | null = null;
  if (typeof msg.content === "string") content = msg.content;
  else if (msg.content) {
    const parts: TextPart[] = [];
    for (const part of msg.content) if (part.type === "text") parts.push({ type: "text", text: part.text });
    content = parts.length > 0 ? parts : null;
  }
  const toolCalls = msg.tool_calls?.map((tc) => ({
    id: tc.id,
    type: "function" as const,
    function: { name: tc.function.name, arguments: tc.function.arguments },
  }));
  if (content === null && !toolCalls?.length) {
    reject(
      `Invalid 'messages[${i}].content': an assistant message needs 'content' or 'tool_calls'.`,
      `messages[${i}].content`,
      "missing_required_parameter",
    );
  }
  const m: ChatMessage = { role: "assistant", content };
  if (toolCalls?.length) m.tool_calls = toolCalls;
  if (msg.name) m.name = msg.name;
  return m;
}

function textContent(content: string | Array<{ type: "text"; text: string }>): string | TextPart[] {
  return typeof content === "string" ? content : content.map((p) => ({ type: "text", text: p.text }));
}

type UserPartInput = Exclude<Extract<ChatCompletionsMessage, { role: "user" }>["content"], string>[number];

function toUserPart(part: UserPartInput): ContentPart {
  if (part.type === "text") return { type: "text", text: part.text };
  const image: ContentPart = { type: "image_url", image_url: { url: part.image_url.url } };
  if (part.image_url.detail) image.image_url.detail = part.image_url.detail;
  return image;
}

type ToolInput = NonNullable<ChatCompletionsBody["tools"]>[number];

function toCanonicalTool(tool: ToolInput, i: number): ToolDefinition {
  const { name, description, parameters, strict } = tool.function;
  if (parameters && parameters.type !== undefined && parameters.type !== "object") {
    reject(
      `Invalid schema for function '${name}': schema must be a JSON Schema of 'type: "object"', got 'type: ${JSON.stringify(parameters.type)}'.`,
      `tools[${i}].function.parameters`,
      "invalid_function_parameters",
    );
  }
  const fn: ToolDefinition["function"] = { name };
  if (description != null) fn.description = description;
  if (parameters) fn.parameters = parameters;
  if (strict != null) fn.strict = strict;
  return { type: "function", function: fn };
}

function toCanonicalToolChoice(
  choice: ChatCompletionsBody["tool_choice"],
  tools: ToolDefinition[] | undefined,
): ToolChoice | undefined {
  if (choice == null) return undefined;
  const hasTools = tools !== undefined && tools.length > 0;
  if (typeof choice === "string") {
    if (choice === "required" && !hasTools) {
      reject("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice");
    }
    // "auto"/"none" without tools change nothing; drop them rather than fail.
    return hasTools ? choice : undefined;
  }
  const name = choice.function.name;
  if (!hasTools) {
    reject("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice");
  }
  if (!tools.some((t) => t.function.name === name)) {
    reject(`Invalid 'tool_choice': no function named '${name}' is declared in 'tools'.`, "tool_choice.function.name");
  }
  return { type: "function", function: { name } };
}

function toCanonicalResponseFormat(
  format: NonNullable<ChatCompletionsBody["response_format"]>,
): ResponseFormat {
  if (format.type !== "json_schema") return { type: format.type };
  const { name, description, schema, strict } = format.json_schema;
  const js: Extract<ResponseFormat, { type: "json_schema" }>["json_schema"] = { name };
  if (description != null) js.description = description;
  if (schema) js.schema = schema;
  if (strict != null) js.strict = strict;
  return { type: "json_schema", json_schema: js };
}
