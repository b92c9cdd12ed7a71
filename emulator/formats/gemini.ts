import type { IncomingMessage, ServerResponse } from "node:http";
import { computeAnswer, type Answer, type UsageNumbers } from "../answer";
import type { Behavior } from "../behavior";
import { header } from "../http-io";
import { StreamPacer, dataFrame } from "../pacer";
import { PromptBuilder, stringifyContent, type EmuRequest, type ToolMode } from "../prompt";
import { deliverJson, runPreamble, type EmulatorState } from "../simulate";
import { geminiError, type ErrorReply } from "./errors";
import { describeZodError } from "./openai-schema";
import {
  countTokensRequestSchema,
  generateContentRequestSchema,
  type GeminiPart,
  type GenerateContentRequest,
} from "./gemini-schema";

/** The key comes from `x-goog-api-key` or `?key=`; without one Google answers 403. */
export function authenticateGemini(req: IncomingMessage, query: URLSearchParams): ErrorReply | null {
  if (header(req, "x-goog-api-key") || query.get("key")) return null;
  return geminiError(
    403,
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );
}

function addPart(prompt: PromptBuilder, part: GeminiPart): void {
  if (typeof part.text === "string") prompt.text(part.text);
  if (part.inlineData) prompt.image(part.inlineData.data);
  if (part.fileData) prompt.image(part.fileData.fileUri);
  if (part.functionCall) prompt.text(`${part.functionCall.name} ${stringifyContent(part.functionCall.args ?? {})}`);
  if (part.functionResponse) prompt.text(stringifyContent(part.functionResponse.response));
}

function partsText(parts: GeminiPart[]): string {
  return parts.map((p) => (typeof p.text === "string" && !p.thought ? p.text : "")).join("");
}

function toolMode(config: GenerateContentRequest["toolConfig"]): ToolMode {
  const fc = config?.functionCallingConfig;
  const mode = (fc?.mode ?? "AUTO").toUpperCase();
  if (mode === "NONE") return { kind: "none" };
  if (mode === "ANY") {
    const allowed = fc?.allowedFunctionNames ?? [];
    return allowed.length > 0 ? { kind: "forced", name: allowed[0]! } : { kind: "required" };
  }
  return { kind: "auto" };
}

export function toEmuRequest(model: string, body: GenerateContentRequest): EmuRequest {
  const prompt = new PromptBuilder();
  const tools = (body.tools ?? []).flatMap((t) =>
    (t.functionDeclarations ?? []).map((d) => ({
      name: d.name,
      description: d.description,
      parameters: d.parametersJsonSchema ?? d.parameters,
    })),
  );
  for (const tool of tools) prompt.tool(tool);
  if (body.systemInstruction) {
    for (const part of body.systemInstruction.parts) addPart(prompt, part);
    prompt.endMessage();
  }
  for (const c of body.contents) {
    for (const part of c.parts) addPart(prompt, part);
    prompt.endMessage();
  }
  const last = body.contents[body.contents.length - 1];
  if (!last) throw new Error("toEmuRequest: contents must not be empty");
  const responses = last.parts.filter((p) => p.functionResponse);
  const lastUser = [...body.contents].reverse().find((c) => c.role !== "model" && partsText(c.parts).length > 0);
  const config = body.generationConfig;
  const json = config?.responseMimeType === "application/json";
  return {
    model,
    wire: "gemini",
    temperature: config?.temperature ?? null,
    systemText: body.systemInstruction ? partsText(body.systemInstruction.parts) : "",
    ...prompt.build(),
    lastUserText: lastUser ? partsText(lastUser.parts) : "",
    toolResult: responses.length > 0 ? responses.map((p) => stringifyContent(p.functionResponse?.response)).join("\n") : null,
    tools,
    toolMode: toolMode(body.toolConfig),
    maxTokens: config?.maxOutputTokens ?? null,
    stop: config?.stopSequences ?? [],
    json: json ? { schema: config?.responseJsonSchema ?? config?.responseSchema ?? null } : null,
  };
}

function usageBody(u: UsageNumbers, completionTokens: number) {
  return {
    promptTokenCount: u.promptTokens,
    candidatesTokenCount: completionTokens,
    totalTokenCount: u.promptTokens + completionTokens,
    ...(u.cacheReadTokens > 0 ? { cachedContentTokenCount: u.cacheReadTokens } : {}),
  };
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

type Envelope = { model: string; responseId: string; omitUsage: boolean };

function responseBody(env: Envelope, parts: unknown[], finish: string | null, usage: UsageNumbers, completion: number) {
  return {
    candidates: [{ content: { parts, role: "model" }, ...(finish ? { finishReason: finish } : {}), index: 0 }],
    ...(env.omitUsage ? {} : { usageMetadata: usageBody(usage, completion) }),
    modelVersion: env.model,
    responseId: env.responseId,
  };
}

function finishReason(answer: Answer): string {
  return answer.finish === "length" ? "MAX_TOKENS" : "STOP";
}

function fullParts(answer: Answer): unknown[] {
  if (answer.kind === "tool") return [{ functionCall: { name: answer.tool.name, args: parseArgs(answer.generated.text) } }];
  return [{ text: answer.generated.text }];
}

async function streamResponse(pacer: StreamPacer, env: Envelope, answer: Answer, sse: boolean): Promise<void> {
  let first = true;
  const frame = (payload: unknown) => {
    const text = sse ? dataFrame(payload, "\r\n") : `${first ? "[" : ",\r\n"}${JSON.stringify(payload)}`;
    first = false;
    return text;
  };
  const finish = finishReason(answer);
  const usage = answer.usage;
  if (answer.kind === "tool") {
    const body = responseBody(env, fullParts(answer), finish, usage, usage.completionTokens);
    if (!(await pacer.content(frame(body), usage.completionTokens))) return;
  } else {
    const pieces = answer.generated.pieces.length > 0 ? answer.generated.pieces : [{ text: "", tokens: 0 }];
    let sent = 0;
    for (let i = 0; i < pieces.length; i++) {
      sent += pieces[i]!.tokens;
      const last = i === pieces.length - 1;
      const body = responseBody(env, [{ text: pieces[i]!.text }], last ? finish : null, usage, sent);
      if (!(await pacer.content(frame(body), pieces[i]!.tokens))) return;
    }
  }
  if (!pacer.alive) return;
  pacer.end(sse ? "" : "]");
}

export function parseGenerateContent(body: unknown): { ok: true; value: GenerateContentRequest } | { ok: false; error: ErrorReply } {
  const parsed = generateContentRequestSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const { message } = describeZodError(parsed.error);
  return { ok: false, error: geminiError(400, `Invalid JSON payload received. ${message}`) };
}

/** POST /v1beta/models/{model}:generateContent | :streamGenerateContent (alt=sse or JSON array). */
export async function handleGenerateContent(
  state: EmulatorState,
  res: ServerResponse,
  model: string,
  body: GenerateContentRequest,
  mode: { stream: boolean; sse: boolean },
): Promise<void> {
  const behavior: Behavior | null = await runPreamble(state, res, "gemini", model, mode.stream);
  if (!behavior) return;
  const answer = computeAnswer(toEmuRequest(model, body), behavior, state.cache, "implicit");
  const env: Envelope = { model, responseId: state.ids.next("emu-"), omitUsage: behavior.omitUsage };
  if (!mode.stream) {
    const payload = responseBody(env, fullParts(answer), finishReason(answer), answer.usage, answer.usage.completionTokens);
    await deliverJson(res, behavior, payload, answer.usage.completionTokens);
    return;
  }
  const contentType = mode.sse ? "text/event-stream" : "application/json; charset=UTF-8";
  await streamResponse(new StreamPacer(res, behavior, contentType), env, answer, mode.sse);
}

/** POST /v1beta/models/{model}:countTokens. */
export function countGeminiTokens(model: string, body: unknown): { status: number; body: unknown } {
  const parsed = countTokensRequestSchema.safeParse(body);
  if (!parsed.success) {
    const reply = geminiError(400, `Invalid JSON payload received. ${describeZodError(parsed.error).message}`);
    return { status: reply.status, body: reply.body };
  }
  const request = parsed.data.generateContentRequest ?? { contents: parsed.data.contents ?? [] };
  if (request.contents.length === 0) return { status: 200, body: { totalTokens: 0 } };
  return { status: 200, body: { totalTokens: toEmuRequest(model, request).promptTokens } };
}
