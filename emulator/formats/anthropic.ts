import type { IncomingMessage, ServerResponse } from "node:http";
import { computeAnswer, type Answer, type Finish, type UsageNumbers } from "../answer";
import type { Behavior } from "../behavior";
import { header } from "../http-io";
import { StreamPacer, eventFrame } from "../pacer";
import { PromptBuilder, stringifyContent, type EmuRequest, type ToolMode } from "../prompt";
import { deliverJson, runPreamble, type EmulatorState } from "../simulate";
import { anthropicError, type ErrorReply } from "./errors";
import { describeZodError } from "./openai-schema";
import { countTokensRequestSchema, messagesRequestSchema, type AnthropicBlock, type MessagesRequest } from "./anthropic-schema";

/** x-api-key (or a Bearer token) and anthropic-version are both required, as upstream. */
export function authenticateAnthropic(req: IncomingMessage): ErrorReply | null {
  const key = header(req, "x-api-key") ?? header(req, "authorization")?.replace(/^Bearer\s+/i, "");
  if (!key) return anthropicError(401, "x-api-key header is required");
  if (!header(req, "anthropic-version")) return anthropicError(400, "anthropic-version: header is required");
  return null;
}

function blockText(block: AnthropicBlock): string {
  if (block.type === "text" && "text" in block && typeof block.text === "string") return block.text;
  if (block.type === "tool_result" && "content" in block) {
    const content = block.content;
    if (typeof content === "string") return content;
    if (Array.isArray(content)) return content.map((b) => ("text" in b && typeof b.text === "string" ? b.text : "")).join("");
  }
  return "";
}

/** Base64 data or URL of an image source: what identifies the image for prompt caching. */
function imageKey(source: unknown): string {
  if (typeof source !== "object" || source === null) return "";
  if ("data" in source && typeof source.data === "string") return source.data;
  if ("url" in source && typeof source.url === "string") return source.url;
  return JSON.stringify(source);
}

function addBlock(prompt: PromptBuilder, block: AnthropicBlock): void {
  const mark = { boundary: true, cacheMark: Boolean(block.cache_control) };
  if (block.type === "image" && "source" in block) {
    prompt.image(imageKey(block.source), mark);
  } else if (block.type === "tool_use" && "name" in block) {
    prompt.text(`${block.name} ${stringifyContent(block.input)}`, mark);
  } else if (block.type === "tool_result" && Array.isArray(block.content)) {
    for (const inner of block.content) {
      if (inner.type === "image") prompt.image(imageKey("source" in inner ? inner.source : inner));
    }
    prompt.text(blockText(block), mark);
  } else {
    prompt.text(blockText(block), mark);
  }
}

function toolMode(choice: MessagesRequest["tool_choice"]): ToolMode {
  if (!choice || choice.type === "auto") return { kind: "auto" };
  if (choice.type === "none") return { kind: "none" };
  if (choice.type === "any") return { kind: "required" };
  return choice.name ? { kind: "forced", name: choice.name } : { kind: "required" };
}

type CountableRequest = Omit<MessagesRequest, "max_tokens" | "stream" | "stop_sequences"> &
  Partial<Pick<MessagesRequest, "max_tokens" | "stop_sequences">>;

export function toEmuRequest(body: CountableRequest): EmuRequest {
  const prompt = new PromptBuilder();
  const tools = (body.tools ?? []).map((t) => ({ name: t.name, description: t.description, parameters: t.input_schema }));
  (body.tools ?? []).forEach((t, i) => prompt.tool(tools[i]!, { cacheMark: Boolean(t.cache_control) }));
  if (typeof body.system === "string") prompt.text(body.system, { boundary: true });
  else for (const block of body.system ?? []) addBlock(prompt, block);
  const blocksOf = (m: MessagesRequest["messages"][number]): AnthropicBlock[] =>
    typeof m.content === "string" ? [{ type: "text", text: m.content }] : m.content;
  for (const m of body.messages) for (const block of blocksOf(m)) addBlock(prompt, block);

  const last = body.messages[body.messages.length - 1];
  if (!last) throw new Error("toEmuRequest: messages must not be empty");
  const results = last.role === "user" ? blocksOf(last).filter((b) => b.type === "tool_result") : [];
  const lastUser = [...body.messages].reverse().find((m) => m.role === "user" && blocksOf(m).some((b) => b.type === "text"));
  const format = body.output_config?.format ?? body.output_format ?? null;
  return {
    model: body.model,
    wire: "anthropic",
    temperature: body.temperature ?? null,
    systemText: typeof body.system === "string" ? body.system : (body.system ?? []).map(blockText).join("\n"),
    ...prompt.build(),
    lastUserText: lastUser ? blocksOf(lastUser).map(blockText).join(" ") : "",
    toolResult: results.length > 0 ? results.map(blockText).join("\n") : null,
    tools,
    toolMode: toolMode(body.tool_choice),
    maxTokens: body.max_tokens ?? null,
    stop: body.stop_sequences ?? [],
    json: format ? { schema: format.schema } : null,
  };
}

const STOP_REASONS: Record<Finish, string> = {
  stop: "end_turn",
  length: "max_tokens",
  stop_sequence: "stop_sequence",
  tool_calls: "tool_use",
};

function usageBody(u: UsageNumbers) {
  return {
    input_tokens: u.promptTokens - u.cacheReadTokens - u.cacheWriteTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
    cache_read_input_tokens: u.cacheReadTokens,
    cache_creation: { ephemeral_5m_input_tokens: u.cacheWriteTokens, ephemeral_1h_input_tokens: 0 },
    output_tokens: u.completionTokens,
    service_tier: "standard",
  };
}

function parseArgs(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function messageBody(id: string, model: string, answer: Answer, behavior: Behavior, toolId: string) {
  const content =
    answer.kind === "tool"
      ? [{ type: "tool_use", id: toolId, name: answer.tool.name, input: parseArgs(answer.generated.text) }]
      : [{ type: "text", text: answer.generated.text }];
  return {
    id,
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: STOP_REASONS[answer.finish],
    stop_sequence: answer.kind === "text" ? answer.stopSequence : null,
    ...(behavior.omitUsage ? {} : { usage: usageBody(answer.usage) }),
  };
}

async function streamMessage(pacer: StreamPacer, id: string, model: string, answer: Answer, omitUsage: boolean, toolId: string) {
  const start = { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null };
  const usage = usageBody(answer.usage);
  pacer.frame(eventFrame("message_start", { type: "message_start", message: omitUsage ? start : { ...start, usage: { ...usage, output_tokens: 1 } } }));
  const tool = answer.kind === "tool";
  const block = tool ? { type: "tool_use", id: toolId, name: answer.tool.name, input: {} } : { type: "text", text: "" };
  pacer.frame(eventFrame("content_block_start", { type: "content_block_start", index: 0, content_block: block }));
  pacer.frame(eventFrame("ping", { type: "ping" }));
  if (tool) {
    pacer.frame(eventFrame("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: "" } }));
  }
  for (const piece of answer.generated.pieces) {
    const delta = tool ? { type: "input_json_delta", partial_json: piece.text } : { type: "text_delta", text: piece.text };
    const frame = eventFrame("content_block_delta", { type: "content_block_delta", index: 0, delta });
    if (!(await pacer.content(frame, piece.tokens))) return;
  }
  if (!pacer.alive) return;
  pacer.frame(eventFrame("content_block_stop", { type: "content_block_stop", index: 0 }));
  const delta = { stop_reason: STOP_REASONS[answer.finish], stop_sequence: answer.kind === "text" ? answer.stopSequence : null };
  const { service_tier: _tier, cache_creation: _cc, ...deltaUsage } = usage;
  pacer.frame(eventFrame("message_delta", { type: "message_delta", delta, ...(omitUsage ? {} : { usage: deltaUsage }) }));
  pacer.end(eventFrame("message_stop", { type: "message_stop" }));
}

export function parseMessagesRequest(body: unknown): { ok: true; value: MessagesRequest } | { ok: false; error: ErrorReply } {
  const parsed = messagesRequestSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const { message, param } = describeZodError(parsed.error);
  return { ok: false, error: anthropicError(400, param ? `${param}: ${message}` : message) };
}

/** POST /v1/messages for an authenticated, parsed body. */
export async function handleMessages(state: EmulatorState, res: ServerResponse, body: MessagesRequest): Promise<void> {
  const stream = body.stream === true;
  const behavior = await runPreamble(state, res, "anthropic", body.model, stream);
  if (!behavior) return;
  const answer = computeAnswer(toEmuRequest(body), behavior, state.cache, "explicit");
  const id = state.ids.next("msg_emu_");
  const toolId = answer.kind === "tool" ? state.ids.next("toolu_emu_") : "";
  const headers = { "request-id": `req_${id}` };
  if (!stream) {
    await deliverJson(res, behavior, messageBody(id, body.model, answer, behavior, toolId), answer.usage.completionTokens, headers);
    return;
  }
  const pacer = new StreamPacer(res, behavior, "text/event-stream; charset=utf-8", headers);
  await streamMessage(pacer, id, body.model, answer, behavior.omitUsage, toolId);
}

/** POST /v1/messages/count_tokens: the same count the emulator bills as input. */
export function countAnthropicTokens(body: unknown): { status: number; body: unknown } {
  const parsed = countTokensRequestSchema.safeParse(body);
  if (!parsed.success) {
    const reply = anthropicError(400, describeZodError(parsed.error).message);
    return { status: reply.status, body: reply.body };
  }
  return { status: 200, body: { input_tokens: toEmuRequest(parsed.data).promptTokens } };
}

