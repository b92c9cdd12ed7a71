// A logged request as the replay lab reads it: the chat request its stored body describes
// (parsed again by the endpoint's own parser, so a replay sends what the client sent), and
// the answer the original call gave. A request whose body or answer was not stored is not
// replayable and is counted by reason.
import { parseMessagesBody } from "@/lib/gateway/formats/anthropic/parse";
import { parseChatCompletionsBody } from "@/lib/gateway/formats/openai/parse";
import { parseResponsesBody } from "@/lib/gateway/formats/responses/parse";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import type { SampledLog } from "@/lib/sql/replay-sample";

export type SkipReason = "zero_retention" | "truncated" | "missing_answer" | "unsupported";

/** The chat request a stored body describes, or null when it no longer parses. */
export function parseStoredRequest(endpoint: string, body: unknown): ParsedChatRequest | null {
  if (endpoint === "chat.completions") {
    const p = parseChatCompletionsBody(body);
    return p.ok ? p.value : null;
  }
  if (endpoint === "messages") {
    const p = parseMessagesBody(body);
    return p.ok ? p.value : null;
  }
  if (endpoint === "responses") {
    const p = parseResponsesBody(body);
    return p.ok ? p.value.chat : null;
  }
  return null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The text of a stored answer, whatever shape it was stored in: the canonical response
 * (`message.content`), an OpenAI (`choices[0].message.content`), Anthropic (`content[].text`)
 * or Responses (`output_text`) body, or a plain `{ text }`. null: no answer stored.
 */
export function answerText(body: unknown): string | null {
  if (typeof body === "string") return body;
  if (!isObj(body)) return null;
  if (isObj(body.message) && typeof body.message.content === "string") return body.message.content;
  if (Array.isArray(body.choices) && isObj(body.choices[0]) && isObj(body.choices[0].message)) {
    const c = body.choices[0].message.content;
    if (typeof c === "string") return c;
  }
  if (Array.isArray(body.content)) {
    const parts = body.content.filter(isObj).map((b) => (typeof b.text === "string" ? b.text : "")).join("");
    if (parts) return parts;
  }
  if (typeof body.output_text === "string") return body.output_text;
  if (typeof body.text === "string") return body.text;
  return null;
}

export type Replayable = { log: SampledLog; parsed: ParsedChatRequest; answer: string };

/** Why a sampled log cannot be replayed, or what to replay. */
export function classifyLog(log: SampledLog): { ok: true; value: Replayable } | { ok: false; reason: SkipReason } {
  if (log.requestBody === null) return { ok: false, reason: "zero_retention" };
  if (log.bodyTruncated) return { ok: false, reason: "truncated" };
  const answer = answerText(log.responseBody);
  if (answer === null) return { ok: false, reason: "missing_answer" };
  const parsed = parseStoredRequest(log.endpoint, log.requestBody);
  if (!parsed) return { ok: false, reason: "unsupported" };
  return { ok: true, value: { log, parsed, answer } };
}
