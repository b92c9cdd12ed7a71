import type { ServerResponse } from "node:http";
import { computeAnswer, type Answer, type Finish, type UsageNumbers } from "../answer";
import type { Behavior } from "../behavior";
import { StreamPacer } from "../pacer";
import { PromptBuilder, type EmuRequest, type ToolMode } from "../prompt";
import { deliverJson, runPreamble, type EmulatorState } from "../simulate";
import { openaiError, type ErrorReply } from "./errors";
import { chatRequestSchema, describeZodError, type ChatRequest } from "./openai-schema";

type Message = ChatRequest["messages"][number];

function contentText(content: Message["content"]): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (p.type === "text" && typeof p.text === "string" ? p.text : "")).join("");
}

function imageUrl(image: unknown): string {
  return typeof image === "object" && image !== null && "url" in image && typeof image.url === "string" ? image.url : "";
}

function addContent(prompt: PromptBuilder, content: Message["content"]): void {
  if (typeof content === "string") prompt.text(content);
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (part.type === "text" && typeof part.text === "string") prompt.text(part.text);
      else if (part.type === "image_url" && "image_url" in part) prompt.image(imageUrl(part.image_url));
    }
  }
}

function toolMode(choice: ChatRequest["tool_choice"]): ToolMode {
  if (choice === undefined || choice === "auto") return { kind: "auto" };
  if (choice === "none") return { kind: "none" };
  if (choice === "required") return { kind: "required" };
  return { kind: "forced", name: choice.function.name };
}

export function toEmuRequest(body: ChatRequest): EmuRequest {
  const prompt = new PromptBuilder();
  const tools = (body.tools ?? []).map((t) => ({
    name: t.function.name,
    description: t.function.description,
    parameters: t.function.parameters,
  }));
  for (const tool of tools) prompt.tool(tool);
  for (const m of body.messages) {
    addContent(prompt, m.content);
    for (const call of m.tool_calls ?? []) prompt.text(`${call.function.name} ${call.function.arguments}`);
    prompt.endMessage();
  }
  const last = body.messages[body.messages.length - 1];
  if (!last) throw new Error("toEmuRequest: messages must not be empty");
  const isToolResult = last.role === "tool" || last.role === "function";
  let toolResult: string | null = null;
  if (isToolResult) {
    const results: string[] = [];
    for (let i = body.messages.length - 1; i >= 0 && ["tool", "function"].includes(body.messages[i]!.role); i--) {
      results.unshift(contentText(body.messages[i]!.content));
    }
    toolResult = results.join("\n");
  }
  const lastUser = [...body.messages].reverse().find((m) => m.role === "user");
  const format = body.response_format;
  const stop = body.stop == null ? [] : typeof body.stop === "string" ? [body.stop] : body.stop;
  return {
    model: body.model,
    wire: "openai",
    temperature: body.temperature ?? null,
    systemText: body.messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => contentText(m.content)).join("\n"),
    ...prompt.build(),
    lastUserText: lastUser ? contentText(lastUser.content) : "",
    toolResult,
    tools,
    toolMode: toolMode(body.tool_choice),
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? null,
    stop,
    json:
      format?.type === "json_object"
        ? { schema: null }
        : format?.type === "json_schema"
          ? { schema: format.json_schema.schema ?? null }
          : null,
  };
}

/** OpenAI answers a call forced by name with finish_reason "stop" (a documented quirk). */
function finishReason(answer: Answer): string {
  const map: Record<Finish, string> = { stop: "stop", stop_sequence: "stop", length: "length", tool_calls: "tool_calls" };
  if (answer.kind === "tool" && answer.forced && answer.finish === "tool_calls") return "stop";
  return map[answer.finish];
}

function usageBody(u: UsageNumbers) {
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.promptTokens + u.completionTokens,
    prompt_tokens_details: { cached_tokens: u.cacheReadTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

type Envelope = { id: string; created: number; model: string };

function completionBody(env: Envelope, answer: Answer, behavior: Behavior, callId: string) {
  const message =
    answer.kind === "tool"
      ? {
          role: "assistant",
          content: null,
          tool_calls: [{ id: callId, type: "function", function: { name: answer.tool.name, arguments: answer.generated.text } }],
          refusal: null,
          annotations: [],
        }
      : { role: "assistant", content: answer.generated.text, refusal: null, annotations: [] };
  return {
    ...env,
    object: "chat.completion",
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(answer) }],
    ...(behavior.omitUsage ? {} : { usage: usageBody(answer.usage) }),
    service_tier: "default",
    system_fingerprint: "fp_emulator",
  };
}

async function streamCompletion(
  pacer: StreamPacer,
  env: Envelope,
  answer: Answer,
  withUsage: boolean,
  callId: string,
): Promise<void> {
  // Chunks are written by string concatenation around a pre-serialised envelope: this is the
  // benchmark's hot path, and JSON.stringify of whole chunk objects dominated its CPU time.
  const head = `data: {"id":${JSON.stringify(env.id)},"object":"chat.completion.chunk","created":${env.created},"model":${JSON.stringify(env.model)},"system_fingerprint":"fp_emulator","choices":[`;
  const tail = withUsage ? ',"usage":null}\n\n' : "}\n\n";
  const chunk = (deltaJson: string, finish: string | null = null) =>
    `${head}{"index":0,"delta":${deltaJson},"logprobs":null,"finish_reason":${finish === null ? "null" : JSON.stringify(finish)}}]${tail}`;
  if (answer.kind === "tool") {
    const call = { index: 0, id: callId, type: "function", function: { name: answer.tool.name, arguments: "" } };
    pacer.frame(chunk(JSON.stringify({ role: "assistant", content: null, tool_calls: [call], refusal: null })));
    for (const piece of answer.generated.pieces) {
      const delta = `{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece.text)}}}]}`;
      if (!(await pacer.content(chunk(delta), piece.tokens))) return;
    }
  } else {
    pacer.frame(chunk('{"role":"assistant","content":"","refusal":null}'));
    for (const piece of answer.generated.pieces) {
      if (!(await pacer.content(chunk(`{"content":${JSON.stringify(piece.text)}}`), piece.tokens))) return;
    }
  }
  if (!pacer.alive) return;
  pacer.frame(chunk("{}", finishReason(answer)));
  if (withUsage) {
    pacer.frame(`${head}],"usage":${JSON.stringify(usageBody(answer.usage))}}\n\n`);
  }
  pacer.end("data: [DONE]\n\n");
}

export function parseChatRequest(body: unknown): { ok: true; value: ChatRequest } | { ok: false; error: ErrorReply } {
  const parsed = chatRequestSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const { message, param } = describeZodError(parsed.error);
  return { ok: false, error: openaiError(400, message, { param, code: null }) };
}

/** POST /v1/chat/completions for an already authenticated, parsed body. */
export async function handleChatCompletion(state: EmulatorState, res: ServerResponse, body: ChatRequest): Promise<void> {
  const stream = body.stream === true;
  const behavior = await runPreamble(state, res, "openai", body.model, stream);
  if (!behavior) return;
  const answer = computeAnswer(toEmuRequest(body), behavior, state.cache, "implicit");
  const env: Envelope = { id: state.ids.next("chatcmpl-emu"), created: Math.floor(Date.now() / 1000), model: body.model };
  const callId = answer.kind === "tool" ? state.ids.next("call_emu") : "";
  const headers = { "x-request-id": `req_${env.id}`, "openai-processing-ms": "1" };
  if (!stream) {
    await deliverJson(res, behavior, completionBody(env, answer, behavior, callId), answer.usage.completionTokens, headers);
    return;
  }
  const pacer = new StreamPacer(res, behavior, "text/event-stream; charset=utf-8", headers);
  const withUsage = body.stream_options?.include_usage === true && !behavior.omitUsage;
  await streamCompletion(pacer, env, answer, withUsage, callId);
}
