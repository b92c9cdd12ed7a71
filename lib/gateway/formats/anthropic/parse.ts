// Anthropic Messages body → ParsedChatRequest. Anthropic keeps tool calls and results as
// content blocks inside turns; the canonical (OpenAI) shape keeps them as `tool_calls` on the
// assistant message and separate `tool` messages, which this file reshapes.
import type {
  ChatMessage,
  ContentPart,
  ImagePart,
  TextPart,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from "@/lib/providers/types";
import { buildModelChain, extensionFields } from "../extensions";
import type { FormatError, ParsedChatRequest, ParseResult } from "../types";
import { pickIssue } from "../zod-issue";
import { anthropicFormatError } from "./issue-message";
import {
  messagesBodySchema,
  type AnthropicMessageInput,
  type AssistantBlockInput,
  type ImageSourceInput,
  type MessagesBody,
  type ToolResultInput,
} from "./schema";

class Reject {
  constructor(readonly error: FormatError) {}
}

function reject(message: string, param: string, code = "invalid_value"): never {
  throw new Reject({ message: `${param}: ${message}`, param, code });
}

export function parseMessagesBody(json: unknown): ParseResult {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    const error = { message: "Input should be a valid dictionary", param: null, code: "invalid_type" };
    return { ok: false, error };
  }
  const parsed = messagesBodySchema.safeParse(json, { reportInput: true });
  if (!parsed.success) return { ok: false, error: anthropicFormatError(pickIssue(parsed.error.issues)) };
  try {
    return { ok: true, value: toParsedRequest(parsed.data) };
  } catch (err) {
    if (err instanceof Reject) return { ok: false, error: err.error };
    throw err;
  }
}

function toParsedRequest(body: MessagesBody): ParsedChatRequest {
  if (body.messages.length === 0) reject("at least one message is required", "messages");

  const messages: ChatMessage[] = [];
  if (body.system != null && body.system.length > 0) {
    messages.push({ role: "system", content: systemContent(body.system) });
  }
  for (const m of body.messages) appendMessage(messages, m);

  const canonical: ParsedChatRequest["canonical"] = {
    messages,
    stream: body.stream === true,
    max_tokens: body.max_tokens,
  };
  if (body.temperature != null) canonical.temperature = body.temperature;
  if (body.top_p != null) canonical.top_p = body.top_p;
  if (body.stop_sequences && body.stop_sequences.length > 0) canonical.stop = body.stop_sequences;
  const tools = body.tools?.map(toCanonicalTool);
  if (tools && tools.length > 0) canonical.tools = tools;
  const toolChoice = toCanonicalToolChoice(body.tool_choice, tools);
  if (toolChoice) canonical.tool_choice = toolChoice;
  const format = body.output_config?.format;
  if (format) {
    // Anthropic structured outputs are always schema-exact, i.e. OpenAI's strict mode.
    canonical.response_format = {
      type: "json_schema",
      json_schema: { name: "output", schema: format.schema, strict: true },
    };
  }
  const user = body.metadata?.user_id ?? undefined;
  if (user) canonical.user = user;

  const out: ParsedChatRequest = {
    models: buildModelChain(body.model, body.models ?? []),
    canonical,
    // Anthropic streams always report usage (message_start / message_delta).
    includeUsage: true,
    ...extensionFields(body.switchyard),
  };
  if (user) out.user = user;
  return out;
}

function systemContent(content: string | Array<{ text: string }>): string | TextPart[] {
  return typeof content === "string" ? content : content.map((b) => ({ type: "text", text: b.text }));
}

function appendMessage(out: ChatMessage[], msg: AnthropicMessageInput): void {
  if (msg.role === "system") {
    out.push({ role: "system", content: systemContent(msg.content) });
    return;
  }
  if (typeof msg.content === "string") {
    out.push({ role: msg.role, content: msg.content });
    return;
  }
  if (msg.role === "assistant") {
    appendAssistant(out, msg.content);
    return;
  }
  // User turn: tool results become `tool` messages, which must directly follow the
  // assistant's tool_calls; the turn's remaining text/images follow them as one user message.
  const parts: ContentPart[] = [];
  msg.content.forEach((block) => {
    if (block.type === "text") parts.push({ type: "text", text: block.text });
    else if (block.type === "image") parts.push(toImagePart(block.source));
    else out.push(toToolMessage(block, parts));
  });
  if (parts.length > 0) out.push({ role: "user", content: parts });
}

function appendAssistant(out: ChatMessage[], blocks: AssistantBlockInput[]): void {
  let text: string | null = null;
  const toolCalls: ToolCall[] = [];
  for (const block of blocks) {
    // Consecutive text blocks are one answer split around citations: join without separator.
    if (block.type === "text") text = (text ?? "") + block.text;
    else if (block.type === "tool_use") {
      const fn = { name: block.name, arguments: JSON.stringify(block.input) };
      toolCalls.push({ id: block.id, type: "function", function: fn });
    }
  }
  if (text === null && toolCalls.length === 0) return; // only thinking blocks: nothing to replay
  const m: ChatMessage = { role: "assistant", content: text };
  if (toolCalls.length > 0) m.tool_calls = toolCalls;
  out.push(m);
}

function toImagePart(source: ImageSourceInput): ImagePart {
  const url = source.type === "base64" ? `data:${source.media_type};base64,${source.data}` : source.url;
  return { type: "image_url", image_url: { url } };
}

/** Images inside a tool result cannot live in a `tool` message: they go to `spillImages`. */
function toToolMessage(block: ToolResultInput, spillImages: ContentPart[]): ChatMessage {
  let content: string | TextPart[];
  if (block.content == null) content = "";
  else if (typeof block.content === "string") content = block.content;
  else {
    const texts: TextPart[] = [];
    for (const b of block.content) {
      if (b.type === "text") texts.push({ type: "text", text: b.text });
      else spillImages.push(toImagePart(b.source));
    }
    content = texts;
  }
  if (block.is_error) {
    // The canonical tool message has no error flag; a textual marker keeps the signal.
    content =
      typeof content === "string" ? `Error: ${content}` : [{ type: "text", text: "Error:" }, ...content];
  }
  return { role: "tool", tool_call_id: block.tool_use_id, content };
}

function toCanonicalTool(tool: NonNullable<MessagesBody["tools"]>[number]): ToolDefinition {
  const fn: ToolDefinition["function"] = { name: tool.name, parameters: tool.input_schema };
  if (tool.description != null) fn.description = tool.description;
  if (tool.strict != null) fn.strict = tool.strict;
  return { type: "function", function: fn };
}

function toCanonicalToolChoice(
  choice: MessagesBody["tool_choice"],
  tools: ToolDefinition[] | undefined,
): ToolChoice | undefined {
  if (!choice) return undefined;
  const hasTools = tools !== undefined && tools.length > 0;
  if (choice.type === "auto" || choice.type === "none") return hasTools ? choice.type : undefined;
  if (!hasTools) reject("tool_choice requires tools to be specified", "tool_choice");
  if (choice.type === "any") return "required";
  if (!tools.some((t) => t.function.name === choice.name)) {
    reject(`no tool named '${choice.name}' is declared in tools`, "tool_choice.name");
  }
  return { type: "function", function: { name: choice.name } };
}
