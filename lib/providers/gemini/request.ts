// Canonical (OpenAI-shaped) request → Gemini generateContent body.
//  - system/developer → systemInstruction; assistant → role "model"; tool → functionResponse
//    parts in a "user" turn (the function name is looked up from the earlier tool call).
//  - JSON modes → generationConfig.responseMimeType (+ responseJsonSchema, which takes JSON
//    Schema as OpenAI clients write it). Gemini refuses JSON mime types together with function
//    calling, so with tools the format becomes a system instruction instead.
//  - tools → functionDeclarations with parametersJsonSchema; tool_choice → toolConfig.
import { UpstreamError } from "../types";
import { textOf } from "../shared/content";
import { isHttpUrl, parseDataUrl } from "../shared/data-url";
import { jsonModeInstruction } from "../shared/json-mode";
import { parseToolArguments, toolResultObject } from "../shared/tool-arguments";
import type { CanonicalRequest, ContentPart, ToolChoice } from "../types";
import { recallThoughtSignature, SKIP_VALIDATOR_SIGNATURE } from "./thought-signatures";

type Part = Record<string, unknown>;
type Content = { role: "user" | "model"; parts: Part[] };

export function toGeminiBody(req: CanonicalRequest): Record<string, unknown> {
  const system: Part[] = [];
  const contents: Content[] = [];
  const toolNames = new Map<string, string>();

  for (const m of req.messages) {
    switch (m.role) {
      case "system":
      case "developer": {
        const text = textOf(m.content);
        if (text) system.push({ text });
        break;
      }
      case "user":
        append(contents, "user", userParts(m.content));
        break;
      case "assistant": {
        const parts: Part[] = [];
        const text = textOf(m.content);
        if (text) parts.push({ text });
        m.tool_calls?.forEach((tc, i) => {
          toolNames.set(tc.id, tc.function.name);
          const part: Part = {
            functionCall: { name: tc.function.name, args: parseToolArguments(tc.function.arguments) },
          };
          const signature = recallThoughtSignature(tc.id) ?? (i === 0 ? SKIP_VALIDATOR_SIGNATURE : undefined);
          if (signature) part.thoughtSignature = signature;
          parts.push(part);
        });
        append(contents, "model", parts);
        break;
      }
      case "tool": {
        const name = toolNames.get(m.tool_call_id);
        if (!name) {
          throw new UpstreamError(
            `gemini: tool message refers to unknown tool_call_id "${m.tool_call_id}"`,
            400,
            "http",
            false,
          );
        }
        append(contents, "user", [
          { functionResponse: { name, response: toolResultObject(textOf(m.content)) } },
        ]);
        break;
      }
    }
  }

  const hasTools = req.tools !== undefined && req.tools.length > 0;
  const config: Record<string, unknown> = {};
  if (req.temperature !== undefined) config.temperature = req.temperature;
  if (req.top_p !== undefined) config.topP = req.top_p;
  if (req.max_tokens !== undefined) config.maxOutputTokens = req.max_tokens;
  if (req.stop && req.stop.length > 0) config.stopSequences = req.stop;
  if (req.seed !== undefined) config.seed = req.seed;
  const format = req.response_format;
  if (format && format.type !== "text") {
    if (hasTools) {
      const instruction = jsonModeInstruction(format);
      if (instruction) system.push({ text: instruction });
    } else {
      config.responseMimeType = "application/json";
      if (format.type === "json_schema" && format.json_schema.schema) {
        config.responseJsonSchema = format.json_schema.schema;
      }
    }
  }

  const body: Record<string, unknown> = { contents };
  if (system.length > 0) body.systemInstruction = { parts: system };
  if (Object.keys(config).length > 0) body.generationConfig = config;
  if (hasTools) {
    body.tools = [
      {
        functionDeclarations: req.tools!.map((t) => {
          const fn: Record<string, unknown> = { name: t.function.name };
          if (t.function.description) fn.description = t.function.description;
          if (t.function.parameters) fn.parametersJsonSchema = t.function.parameters;
          return fn;
        }),
      },
    ];
    if (req.tool_choice !== undefined) body.toolConfig = { functionCallingConfig: mapToolChoice(req.tool_choice) };
  }
  return body;
}

/** Gemini rejects consecutive turns of one role less often than Anthropic, but parallel
 *  function responses must share one turn: merge like Anthropic. */
function append(contents: Content[], role: Content["role"], parts: Part[]): void {
  if (parts.length === 0) return;
  const last = contents[contents.length - 1];
  if (last && last.role === role) for (const p of parts) last.parts.push(p);
  else contents.push({ role, parts });
}

function userParts(content: string | ContentPart[]): Part[] {
  if (typeof content === "string") return content ? [{ text: content }] : [];
  const parts: Part[] = [];
  for (const p of content) {
    if (p.type === "text") {
      if (p.text) parts.push({ text: p.text });
      continue;
    }
    const url = p.image_url.url;
    const inline = parseDataUrl(url);
    if (inline) parts.push({ inlineData: { mimeType: inline.mediaType, data: inline.data } });
    else if (isHttpUrl(url)) parts.push({ fileData: { mimeType: guessImageType(url), fileUri: url } });
    else {
      throw new UpstreamError(
        "gemini: image_url must be an http(s) URL or a base64 data: URL",
        400,
        "http",
        false,
      );
    }
  }
  return parts;
}

function guessImageType(url: string): string {
  const path = url.split(/[?#]/, 1)[0]!.toLowerCase();
  if (path.endsWith(".png")) return "image/png";
  if (path.endsWith(".webp")) return "image/webp";
  if (path.endsWith(".gif")) return "image/gif";
  if (path.endsWith(".heic")) return "image/heic";
  if (path.endsWith(".heif")) return "image/heif";
  return "image/jpeg";
}

function mapToolChoice(choice: ToolChoice): Record<string, unknown> {
  if (choice === "auto") return { mode: "AUTO" };
  if (choice === "required") return { mode: "ANY" };
  if (choice === "none") return { mode: "NONE" };
  return { mode: "ANY", allowedFunctionNames: [choice.function.name] };
}
