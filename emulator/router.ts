import type { IncomingMessage, ServerResponse } from "node:http";
import { handleControl } from "./control";
import {
  authenticateAnthropic,
  countAnthropicTokens,
  handleMessages,
  parseMessagesRequest,
} from "./formats/anthropic";
import { formatError, openaiError, type ErrorReply, type WireFormat } from "./formats/errors";
import {
  authenticateGemini,
  countGeminiTokens,
  handleGenerateContent,
  parseGenerateContent,
} from "./formats/gemini";
import {
  anthropicModel,
  anthropicModelList,
  geminiModel,
  geminiModelList,
  openaiModel,
  openaiModelList,
} from "./formats/models-list";
import { handleChatCompletion, parseChatRequest } from "./formats/openai-chat";
import { handleEmbeddings, parseEmbeddingsRequest } from "./formats/openai-embeddings";
import { handleGeminiEmbed } from "./formats/gemini-embeddings";
import { BodyTooLargeError, header, parseJson, readBody, sendJson } from "./http-io";
import { sendError, type EmulatorState } from "./simulate";

const GEMINI_CALL = /^\/v1(?:beta)?\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents)$/;
const GEMINI_MODEL = /^\/v1(?:beta)?\/models\/([^/:]+)$/;

function formatOf(path: string, req: IncomingMessage): WireFormat | "unknown" {
  if (path.startsWith("/v1beta/") || GEMINI_CALL.test(path)) return "gemini";
  if (path.startsWith("/v1/messages")) return "anthropic";
  if (path.startsWith("/v1/models") && header(req, "anthropic-version") && !header(req, "authorization")) return "anthropic";
  if (path.startsWith("/v1/")) return "openai";
  return "unknown";
}

function authenticateOpenAI(req: IncomingMessage): ErrorReply | null {
  const auth = header(req, "authorization") ?? "";
  const key = /^Bearer\s+(\S.*)$/i.exec(auth)?.[1];
  if (key) return null;
  return openaiError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    { code: null },
  );
}

function modelOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("model" in body)) return null;
  return typeof body.model === "string" ? body.model : null;
}

async function readJson(req: IncomingMessage, res: ServerResponse, format: WireFormat): Promise<{ body: unknown } | null> {
  try {
    return { body: parseJson(await readBody(req)) };
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    const message = tooLarge ? error.message : "We could not parse the JSON body of your request.";
    sendError(res, formatError(format, tooLarge ? 413 : 400, message));
    return null;
  }
}

/** Dispatches one HTTP request: control API, then the three provider wire formats. */
export async function route(state: EmulatorState, req: IncomingMessage, res: ServerResponse, startedAt: number): Promise<void> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const query = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
  const method = req.method ?? "GET";

  if (path.startsWith("/_emulator/")) {
    const read = await readJson(req, res, "openai");
    if (read) handleControl(state, res, method, path, query, read.body, startedAt);
    return;
  }

  const format = formatOf(path, req);
  const read = await readJson(req, res, format === "unknown" ? "openai" : format);
  if (!read) return;
  const gemini = GEMINI_CALL.exec(path);
  const model = gemini ? decodeURIComponent(gemini[1]!) : modelOf(read.body);
  state.recorder.record(req, path, query, read.body, format, model);
  if (format === "unknown") {
    sendError(res, openaiError(404, `Unknown request URL: ${method} ${path}.`, { code: "unknown_url" }));
    return;
  }

  const authError =
    format === "anthropic" ? authenticateAnthropic(req) : format === "gemini" ? authenticateGemini(req, query) : authenticateOpenAI(req);
  if (authError) {
    sendError(res, authError);
    return;
  }

  if (method === "POST" && path === "/v1/chat/completions") {
    const parsed = parseChatRequest(read.body);
    if (parsed.ok) await handleChatCompletion(state, res, parsed.value);
    else sendError(res, parsed.error);
  } else if (method === "POST" && path === "/v1/embeddings") {
    const parsed = parseEmbeddingsRequest(read.body);
    if (parsed.ok) await handleEmbeddings(state, res, parsed.value);
    else sendError(res, parsed.error);
  } else if (method === "POST" && path === "/v1/messages") {
    const parsed = parseMessagesRequest(read.body);
    if (parsed.ok) await handleMessages(state, res, parsed.value);
    else sendError(res, parsed.error);
  } else if (method === "POST" && path === "/v1/messages/count_tokens") {
    const counted = countAnthropicTokens(read.body);
    sendJson(res, counted.status, counted.body);
  } else if (method === "POST" && gemini && model) {
    if (gemini[2] === "countTokens") {
      const counted = countGeminiTokens(model, read.body);
      sendJson(res, counted.status, counted.body);
      return;
    }
    if (gemini[2] === "embedContent" || gemini[2] === "batchEmbedContents") {
      await handleGeminiEmbed(state, res, model, read.body, gemini[2] === "batchEmbedContents");
      return;
    }
    const parsed = parseGenerateContent(read.body);
    const stream = gemini[2] === "streamGenerateContent";
    if (parsed.ok) await handleGenerateContent(state, res, model, parsed.value, { stream, sse: query.get("alt") === "sse" });
    else sendError(res, parsed.error);
  } else if (method === "GET" && (path === "/v1/models" || path === "/v1beta/models")) {
    const names = state.behaviors.knownModels();
    const body = format === "gemini" ? geminiModelList(names) : format === "anthropic" ? anthropicModelList(names) : openaiModelList(names);
    sendJson(res, 200, body);
  } else if (method === "GET" && GEMINI_MODEL.test(path)) {
    const id = decodeURIComponent(GEMINI_MODEL.exec(path)?.[1] ?? "");
    sendJson(res, 200, format === "gemini" ? geminiModel(id) : format === "anthropic" ? anthropicModel(id) : openaiModel(id));
  } else {
    sendError(res, formatError(format, 404, `Unknown request URL: ${method} ${path}.`));
  }
}
