// Canonical request → OpenAI Chat Completions body. The canonical shape IS this wire shape,
// so for OpenAI proper the messages array is passed through untouched (no copy); compatible
// providers get only the rewrites their dialect needs.
import { jsonModeInstruction } from "../shared/json-mode";
import type { CanonicalRequest, ChatMessage, ResponseFormat, ToolChoice } from "../types";

/** How an OpenAI-compatible server deviates from OpenAI. All flags are config, not code. */
export type OpenAIDialect = {
  /** Field carrying the output limit. OpenAI proper: `max_completion_tokens`. */
  maxTokensField: "max_tokens" | "max_completion_tokens";
  /** Send `stream_options: { include_usage: true }` on streams. */
  streamUsageOption: boolean;
  /** Accepts the `developer` role; otherwise it is sent as `system`. */
  developerRole: boolean;
  /** Field for the sampling seed; null = unsupported (dropped). */
  seedField: "seed" | "random_seed" | null;
  /** Accepts the top-level `user` field. */
  userField: boolean;
  /** Accepts `name` on messages. */
  messageName: boolean;
  /** Supports `response_format: json_schema`; otherwise json_object + a schema instruction. */
  jsonSchema: boolean;
  /** Spelling of tool_choice "required" (Mistral: "any"). */
  requiredToolChoice: "required" | "any";
  /** Accepts `content: null` on assistant messages; otherwise the key is omitted. */
  nullAssistantContent: boolean;
};

export const OPENAI_DIALECT: Readonly<OpenAIDialect> = Object.freeze({
  maxTokensField: "max_completion_tokens",
  streamUsageOption: true,
  developerRole: true,
  seedField: "seed",
  userField: true,
  messageName: true,
  jsonSchema: true,
  requiredToolChoice: "required",
  nullAssistantContent: true,
});

const INCLUDE_USAGE = Object.freeze({ include_usage: true });
const JSON_OBJECT = Object.freeze({ type: "json_object" });

export type OpenAIBody = Record<string, unknown>;
/** A message as sent: canonical messages pass through as-is, rewritten ones are plain objects. */
type WireMessage = ChatMessage | Record<string, unknown>;

export function toOpenAIBody(req: CanonicalRequest, dialect: OpenAIDialect = OPENAI_DIALECT): OpenAIBody {
  let messages: readonly WireMessage[] = needsRewrite(req.messages, dialect)
    ? rewriteMessages(req.messages, dialect)
    : req.messages;
  const body: OpenAIBody = { model: req.model, messages };
  if (req.stream) {
    body.stream = true;
    if (dialect.streamUsageOption) body.stream_options = INCLUDE_USAGE;
  }
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.top_p !== undefined) body.top_p = req.top_p;
  if (req.max_tokens !== undefined) body[dialect.maxTokensField] = req.max_tokens;
  if (req.stop !== undefined && req.stop.length > 0) body.stop = req.stop;
  if (req.seed !== undefined && dialect.seedField) body[dialect.seedField] = req.seed;
  if (req.user !== undefined && dialect.userField) body.user = req.user;
  if (req.tools !== undefined && req.tools.length > 0) {
    body.tools = req.tools;
    if (req.tool_choice !== undefined) body.tool_choice = mapToolChoice(req.tool_choice, dialect);
  }
  if (req.response_format !== undefined && req.response_format.type !== "text") {
    if (req.response_format.type === "json_schema" && !dialect.jsonSchema) {
      messages = withSystemInstruction(messages, req.response_format);
      body.messages = messages;
      body.response_format = JSON_OBJECT;
    } else {
      body.response_format = req.response_format;
    }
  }
  return body;
}

function mapToolChoice(choice: ToolChoice, dialect: OpenAIDialect): ToolChoice | "any" {
  return choice === "required" ? dialect.requiredToolChoice : choice;
}

function needsRewrite(messages: ChatMessage[], d: OpenAIDialect): boolean {
  if (d.developerRole && d.messageName && d.nullAssistantContent) return false;
  for (const m of messages) {
    if (!d.developerRole && m.role === "developer") return true;
    if (!d.messageName && "name" in m && m.name !== undefined) return true;
    if (!d.nullAssistantContent && m.role === "assistant" && m.content === null) return true;
  }
  return false;
}

function rewriteMessages(messages: ChatMessage[], d: OpenAIDialect): WireMessage[] {
  return messages.map((m) => {
    const out: Record<string, unknown> = { ...m };
    if (!d.developerRole && m.role === "developer") out.role = "system";
    if (!d.messageName) delete out.name;
    if (!d.nullAssistantContent && m.role === "assistant" && m.content === null) delete out.content;
    return out;
  });
}

/** json_schema without native support: json_object mode plus the schema as an instruction. */
function withSystemInstruction(
  messages: readonly WireMessage[],
  format: ResponseFormat,
): readonly WireMessage[] {
  const instruction = jsonModeInstruction(format);
  if (!instruction) return messages;
  return [{ role: "system", content: instruction }, ...messages];
}
