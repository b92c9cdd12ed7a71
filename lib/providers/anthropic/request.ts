// Canonical (OpenAI-shaped) request → Anthropic Messages API body.
//
// JSON modes (Anthropic has no response_format):
//  - json_object → an instruction appended to `system`.
//  - json_schema → a forced tool whose input_schema is the schema (tool_choice {type:"tool"});
//    the tool's input comes back as the message text and finish_reason "stop". When the
//    request has its own tools (a forced tool would shut them out) or the schema's root is not
//    an object, the schema goes into the system instruction instead.
import { UpstreamError } from "../types";
import { parseDataUrl, isHttpUrl } from "../shared/data-url";
import { jsonModeInstruction } from "../shared/json-mode";
import { parseToolArguments } from "../shared/tool-arguments";
import { textOf } from "../shared/content";
import type { CanonicalRequest, ChatMessage, ContentPart, ToolChoice, ToolDefinition } from "../types";

export const ANTHROPIC_VERSION = "2023-06-01";
/** Used when the request sets no max_tokens (Anthropic requires it) and the caller gave no default. */
export const DEFAULT_MAX_TOKENS = 4096;

type TextBlock = { type: "text"; text: string };
type ImageBlock = {
  type: "image";
  source: { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };
};
type ToolUseBlock = { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };
type ToolResultBlock = { type: "tool_result"; tool_use_id: string; content: string };
type Block = TextBlock | ImageBlock | ToolUseBlock | ToolResultBlock;
type Turn = { role: "user" | "assistant"; content: Block[] };

export type AnthropicWireRequest = {
  body: Record<string, unknown>;
  /** Name of the forced tool emulating json_schema, or null. */
  jsonToolName: string | null;
};

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export function toAnthropicRequest(
  req: CanonicalRequest,
  defaultMaxTokens: number = DEFAULT_MAX_TOKENS,
): AnthropicWireRequest {
  const system: TextBlock[] = [];
  const turns: Turn[] = [];
  for (const m of req.messages) appendMessage(m, system, turns);
  for (const t of turns) if (t.role === "user") toolResultsFirst(t);

  const body: Record<string, unknown> = {
    model: req.model,
    max_tokens: req.max_tokens ?? defaultMaxTokens,
    messages: turns,
  };
  if (req.stream) body.stream = true;
  if (req.temperature !== undefined) {
    // OpenAI's range is 0–2, Anthropic's 0–1. Newer Claude models reject temperature and
    // top_p together, so top_p is only sent when temperature is not.
    body.temperature = Math.min(Math.max(req.temperature, 0), 1);
  } else if (req.top_p !== undefined) {
    body.top_p = req.top_p;
  }
  if (req.stop && req.stop.length > 0) body.stop_sequences = req.stop;
  if (req.user) body.metadata = { user_id: req.user };

  const hasTools = req.tools !== undefined && req.tools.length > 0;
  if (hasTools) {
    body.tools = req.tools!.map(mapTool);
    if (req.tool_choice !== undefined) body.tool_choice = mapToolChoice(req.tool_choice);
  }

  let jsonToolName: string | null = null;
  const format = req.response_format;
  if (format && format.type !== "text") {
    const schema = format.type === "json_schema" ? format.json_schema.schema : undefined;
    if (format.type === "json_schema" && !hasTools && schema && schema.type === "object") {
      jsonToolName = TOOL_NAME.test(format.json_schema.name) ? format.json_schema.name : "json_output";
      body.tools = [
        {
          name: jsonToolName,
          description:
            format.json_schema.description ?? "Give your final answer as this tool's input.",
          input_schema: schema,
        },
      ];
      body.tool_choice = { type: "tool", name: jsonToolName };
    } else {
      const instruction = jsonModeInstruction(format);
      if (instruction) system.push({ type: "text", text: instruction });
    }
  }
  if (system.length === 1) body.system = system[0]!.text;
  else if (system.length > 1) body.system = system;
  return { body, jsonToolName };
}

function appendMessage(m: ChatMessage, system: TextBlock[], turns: Turn[]): void {
  switch (m.role) {
    case "system":
    case "developer": {
      const text = textOf(m.content);
      if (text) system.push({ type: "text", text });
      return;
    }
    case "user":
      return appendTurn(turns, "user", userBlocks(m.content));
    case "assistant": {
      const blocks: Block[] = [];
      const text = textOf(m.content);
      if (text) blocks.push({ type: "text", text });
      if (m.tool_calls) {
        for (const tc of m.tool_calls) {
          blocks.push({
            type: "tool_use",
            id: tc.id,
            name: tc.function.name,
            input: parseToolArguments(tc.function.arguments),
          });
        }
      }
      return appendTurn(turns, "assistant", blocks);
    }
    case "tool":
      return appendTurn(turns, "user", [
        { type: "tool_result", tool_use_id: m.tool_call_id, content: textOf(m.content) },
      ]);
  }
}

/** Anthropic requires alternating roles: consecutive same-role messages become one turn. */
function appendTurn(turns: Turn[], role: Turn["role"], blocks: Block[]): void {
  if (blocks.length === 0) return;
  const last = turns[turns.length - 1];
  if (last && last.role === role) {
    for (const b of blocks) last.content.push(b);
  } else {
    turns.push({ role, content: blocks });
  }
}

/** tool_result blocks must open the user turn that answers the tool calls. */
function toolResultsFirst(turn: Turn): void {
  const c = turn.content;
  let sawOther = false;
  for (const b of c) {
    if (b.type !== "tool_result") sawOther = true;
    else if (sawOther) {
      turn.content = [
        ...c.filter((x) => x.type === "tool_result"),
        ...c.filter((x) => x.type !== "tool_result"),
      ];
      return;
    }
  }
}

function userBlocks(content: string | ContentPart[]): Block[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  const blocks: Block[] = [];
  for (const part of content) {
    if (part.type === "text") {
      if (part.text) blocks.push({ type: "text", text: part.text });
    } else {
      blocks.push(imageBlock(part.image_url.url));
    }
  }
  return blocks;
}

function imageBlock(url: string): ImageBlock {
  const inline = parseDataUrl(url);
  if (inline) return { type: "image", source: { type: "base64", media_type: inline.mediaType, data: inline.data } };
  if (isHttpUrl(url)) return { type: "image", source: { type: "url", url } };
  // Would be a 400 from Anthropic too; failing here saves the round trip.
  throw new UpstreamError(
    "anthropic: image_url must be an http(s) URL or a base64 data: URL",
    400,
    "http",
    false,
  );
}

function mapTool(tool: ToolDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: tool.function.name,
    input_schema: tool.function.parameters ?? { type: "object", properties: {} },
  };
  if (tool.function.description) out.description = tool.function.description;
  return out;
}

function mapToolChoice(choice: ToolChoice): Record<string, unknown> {
  if (choice === "auto") return { type: "auto" };
  if (choice === "required") return { type: "any" };
  if (choice === "none") return { type: "none" };
  return { type: "tool", name: choice.function.name };
}
