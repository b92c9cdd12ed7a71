// OpenAI Responses body → the canonical chat request (the same pipeline as chat/completions)
// plus what the answer echoes back (instructions, tools, sampling settings). Stateless: input
// items that point at stored state (previous_response_id, item_reference, conversation) are
// refused with a 400 that says how to send the history instead.
import type { z } from "zod";
import type { ChatMessage, ContentPart, ResponseFormat, TextPart, ToolChoice, ToolDefinition } from "@/lib/providers/types";
import { buildModelChain, extensionFields } from "../extensions";
import { openAIFormatError } from "../openai/issue-message";
import type { FormatError, ParsedChatRequest } from "../types";
import { pickIssue } from "../zod-issue";
import type { ResponseEcho } from "./echo";
import {
  functionCallItemSchema, functionCallOutputItemSchema, functionToolSchema, messageItemSchema, responsesBodySchema,
  type ContentPartInput, type ResponsesBody,
} from "./schema";

export type ParsedResponsesRequest = { chat: ParsedChatRequest; echo: ResponseEcho };
export type ResponsesParseResult = { ok: true; value: ParsedResponsesRequest } | { ok: false; error: FormatError };

/** Thrown inside the mappers to stop at the first problem; never escapes this module. */
class Reject {
  constructor(readonly error: FormatError) {}
}

function reject(message: string, param: string | null, code: string | null = "invalid_value"): never {
  throw new Reject({ message, param, code });
}

const STATELESS =
  "Switchyard's Responses API is stateless (nothing is stored): send the whole conversation in 'input' — " +
  "the 'output' items of an earlier response can be appended to it as they are.";

export function parseResponsesBody(json: unknown): ResponsesParseResult {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, error: { message: "The request body must be a JSON object.", param: null, code: "invalid_type" } };
  }
  const parsed = responsesBodySchema.safeParse(json, { reportInput: true });
  if (!parsed.success) return { ok: false, error: openAIFormatError(pickIssue(parsed.error.issues)) };
  try {
    return { ok: true, value: toParsed(parsed.data) };
  } catch (err) {
    if (err instanceof Reject) return { ok: false, error: err.error };
    throw err;
  }
}

/** Validates one nested value, reporting its issue at its place in the body. */
function parseAt<T>(schema: z.ZodType<T>, value: unknown, path: PropertyKey[]): T {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  const picked = pickIssue(r.error.issues);
  throw new Reject(openAIFormatError({ issue: picked.issue, path: [...path, ...picked.path] }));
}

function toParsed(body: ResponsesBody): ParsedResponsesRequest {
  if (body.previous_response_id != null) reject(`'previous_response_id' is not supported. ${STATELESS}`, "previous_response_id", "unsupported_parameter");
  if (body.conversation != null) reject(`'conversation' is not supported. ${STATELESS}`, "conversation", "unsupported_parameter");
  if (body.background === true) reject("Background responses are not supported (they need stored state); set 'background' to false.", "background", "unsupported_value");
  if (body.prompt != null) reject("Stored prompt templates ('prompt') are not supported; send 'instructions' and 'input'.", "prompt", "unsupported_parameter");
  const models = buildModelChain(body.model ?? undefined, body.models ?? []);
  if (models.length === 0) reject("Missing required parameter: 'model'.", "model", "missing_required_parameter");

  const tools = (body.tools ?? []).map(toTool);
  const stream = body.stream === true;
  const canonical: ParsedChatRequest["canonical"] = { messages: toMessages(body.input, body.instructions ?? null), stream };
  if (body.temperature != null) canonical.temperature = body.temperature;
  if (body.top_p != null) canonical.top_p = body.top_p;
  if (body.max_output_tokens != null) canonical.max_tokens = body.max_output_tokens;
  if (tools.length > 0) canonical.tools = tools;
  const toolChoice = toToolChoice(body.tool_choice, tools);
  if (toolChoice) canonical.tool_choice = toolChoice;
  const format = body.text?.format;
  if (format && format.type !== "text") canonical.response_format = toResponseFormat(format);
  if (body.user) canonical.user = body.user;

  const chat: ParsedChatRequest = { models, canonical, includeUsage: false, ...extensionFields(body.switchyard) };
  if (body.user) chat.user = body.user;
  const echo: ResponseEcho = {
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    metadata: body.metadata ?? {},
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    temperature: body.temperature ?? null,
    top_p: body.top_p ?? null,
    text: { format: format ?? { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: tools.map((t) => ({
      type: "function", name: t.function.name, description: t.function.description ?? null,
      parameters: t.function.parameters ?? null, strict: t.function.strict ?? null,
    })),
    user: body.user ?? null,
  };
  return { chat, echo };
}

// ---------- input items → messages ----------

function toMessages(input: ResponsesBody["input"], instructions: string | null): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (instructions) messages.push({ role: "system", content: instructions });
  if (typeof input === "string") {
    messages.push({ role: "user", content: input });
    return messages;
  }
  for (const [i, raw] of input.entries()) {
    const type = raw.type ?? ("role" in raw ? "message" : undefined);
    const at = `input[${i}]`;
    if (type === undefined) reject(`Missing required parameter: '${at}.type'.`, `${at}.type`, "missing_required_parameter");
    if (typeof type !== "string") reject(`Invalid type for '${at}.type': expected a string.`, `${at}.type`, "invalid_type");
    switch (type) {
      case "message":
        messages.push(toMessage(parseAt(messageItemSchema, raw, ["input", i]), at));
        break;
      case "function_call": {
        const item = parseAt(functionCallItemSchema, raw, ["input", i]);
        const call = { id: item.call_id, type: "function" as const, function: { name: item.name, arguments: item.arguments } };
        // Calls right after an assistant message (or each other) belong to that turn.
        const last = messages[messages.length - 1];
        if (last?.role === "assistant") (last.tool_calls ??= []).push(call);
        else messages.push({ role: "assistant", content: null, tool_calls: [call] });
        break;
      }
      case "function_call_output": {
        const item = parseAt(functionCallOutputItemSchema, raw, ["input", i]);
        const content = typeof item.output === "string" ? item.output : textParts(item.output, `${at}.output`);
        messages.push({ role: "tool", content, tool_call_id: item.call_id });
        break;
      }
      case "reasoning":
        break; // an earlier response's reasoning summary: nothing a provider can take back
      default:
        reject(`Input items of type '${type}' are not supported: only messages, function calls and function call outputs are. ${type === "item_reference" ? STATELESS : ""}`.trim(),
          `${at}.type`, "unsupported_value");
    }
  }
  const kept = messages.filter((m) => m.role !== "assistant" || m.content !== null || m.tool_calls?.length);
  if (!kept.some((m) => m.role !== "system" && m.role !== "developer")) {
    reject("Invalid 'input': it must contain at least one message or function call output besides instructions.", "input", "invalid_value");
  }
  return kept;
}

type MessageInput = z.infer<typeof messageItemSchema>;

function toMessage(item: MessageInput, at: string): ChatMessage {
  const path = `${at}.content`;
  switch (item.role) {
    case "user":
      return { role: "user", content: typeof item.content === "string" ? item.content : item.content.map((p, j) => userPart(p, `${path}[${j}]`)) };
    case "system":
    case "developer":
      return { role: item.role, content: typeof item.content === "string" ? item.content : textParts(item.content, path) };
    case "assistant": {
      if (typeof item.content === "string") return { role: "assistant", content: item.content };
      // Echoed refusals carry nothing a provider can take back: dropped, like chat's door does.
      const parts = textParts(item.content.filter((p) => p.type !== "refusal"), path);
      return { role: "assistant", content: parts.length > 0 ? parts : null };
    }
  }
}

function userPart(part: ContentPartInput, at: string): ContentPart {
  switch (part.type) {
    case "input_text":
    case "output_text":
      return { type: "text", text: part.text };
    case "input_image": {
      if (!part.image_url) {
        reject(`'${at}.file_id' is not supported (no file storage here): send 'image_url' as an https or data: URL.`,
          part.file_id ? `${at}.file_id` : `${at}.image_url`, part.file_id ? "unsupported_parameter" : "missing_required_parameter");
      }
      const image: ContentPart = { type: "image_url", image_url: { url: part.image_url } };
      if (part.detail) image.image_url.detail = part.detail;
      return image;
    }
    default:
      return reject(`Content parts of type '${part.type}' are not supported here: send 'input_text' or 'input_image'.`, `${at}.type`, "unsupported_value");
  }
}

function textParts(parts: readonly ContentPartInput[], at: string): TextPart[] {
  return parts.map((p, j) => {
    if (p.type === "input_text" || p.type === "output_text") return { type: "text", text: p.text };
    return reject(`Content parts of type '${p.type}' are not supported here: only text is.`, `${at}[${j}].type`, "unsupported_value");
  });
}

// ---------- tools and formats ----------

function toTool(raw: { type: string }, i: number): ToolDefinition {
  if (raw.type !== "function") {
    reject(`Tools of type '${raw.type}' are not supported by Switchyard: only 'function' tools are.`, `tools[${i}].type`, "unsupported_value");
  }
  const tool = parseAt(functionToolSchema, raw, ["tools", i]);
  if (tool.parameters && tool.parameters.type !== undefined && tool.parameters.type !== "object") {
    reject(`Invalid schema for function '${tool.name}': schema must be a JSON Schema of 'type: "object"', got 'type: ${JSON.stringify(tool.parameters.type)}'.`,
      `tools[${i}].parameters`, "invalid_function_parameters");
  }
  const fn: ToolDefinition["function"] = { name: tool.name };
  if (tool.description != null) fn.description = tool.description;
  if (tool.parameters) fn.parameters = tool.parameters;
  if (tool.strict != null) fn.strict = tool.strict;
  return { type: "function", function: fn };
}

function toToolChoice(choice: ResponsesBody["tool_choice"], tools: ToolDefinition[]): ToolChoice | undefined {
  if (choice == null) return undefined;
  const hasTools = tools.length > 0;
  if (typeof choice === "string") {
    if (choice === "required" && !hasTools) reject("Invalid value for 'tool_choice': 'required' needs 'tools'.", "tool_choice");
    return hasTools ? choice : undefined; // "auto"/"none" without tools change nothing
  }
  if (choice.type !== "function") {
    reject(`tool_choice of type '${choice.type}' is not supported: use 'auto', 'none', 'required' or { "type": "function", "name": ... }.`,
      "tool_choice.type", "unsupported_value");
  }
  const name = "name" in choice ? choice.name : undefined;
  if (typeof name !== "string" || name === "") reject("Missing required parameter: 'tool_choice.name'.", "tool_choice.name", "missing_required_parameter");
  if (!tools.some((t) => t.function.name === name)) {
    reject(`Invalid 'tool_choice': no function named '${name}' is declared in 'tools'.`, "tool_choice.name");
  }
  return { type: "function", function: { name } };
}

function toResponseFormat(format: Exclude<NonNullable<NonNullable<ResponsesBody["text"]>["format"]>, { type: "text" }>): ResponseFormat {
  if (format.type === "json_object") return { type: "json_object" };
  const js: Extract<ResponseFormat, { type: "json_schema" }>["json_schema"] = { name: format.name, schema: format.schema };
  if (format.description != null) js.description = format.description;
  if (format.strict != null) js.strict = format.strict;
  return { type: "json_schema", json_schema: js };
}
