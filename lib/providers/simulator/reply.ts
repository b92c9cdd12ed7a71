// What the simulator answers: a text reply of realistic length that says what it is, a tool
// call when the request offers tools and it is the model's turn to use one, or JSON when the
// request asks for JSON — deterministic for a given request, cut to max_tokens and stop
// sequences like a real model's, with exact o200k usage.
import { countPromptTokens, countTextTokens } from "@/lib/catalog";
import type { CanonicalRequest, ChatMessage, FinishReason } from "@/lib/providers/types";
import { sampleJson } from "@/lib/providers/simulator/json-sample";

export type SimulatedReply = {
  /** Content pieces (text or JSON), or the tool call's argument pieces. */
  pieces: string[];
  /** Output tokens of each piece (summing to the reply's count). */
  tokens: number[];
  toolCall: { name: string } | null;
  finish: FinishReason;
  promptTokens: number;
};

const SENTENCES = [
  " In live mode the model itself would answer here; test mode returns a reply of realistic length instead.",
  " Usage, timing and the response format match a real call, and nothing is charged.",
  " Send the x-switchyard-simulate header to script failures such as status=503 or cut_after_tokens=5.",
  " Streams arrive token by token, so incremental rendering and cancellation can be tested too.",
  " Requests made with this key are logged with mode test and can be filtered on the dashboard.",
  " The key's rate limits, allowed models and expiry still apply, exactly as they would for a live key.",
];

function textOf(m: ChatMessage | undefined): string {
  if (!m || m.content === null) return "";
  if (typeof m.content === "string") return m.content;
  let out = "";
  for (const p of m.content) if (p.type === "text") out += (out ? " " : "") + p.text;
  return out;
}

/** A small stable hash, so one prompt always gets the same reply. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function snippet(text: string, words: number): string {
  const all = text.replace(/\s+/g, " ").trim().split(" ");
  const cut = all.slice(0, words).join(" ").replace(/["\\]/g, "'");
  return all.length > words ? `${cut}…` : cut;
}

function proseFor(req: CanonicalRequest, model: string): string {
  const last = req.messages[req.messages.length - 1];
  const question = textOf([...req.messages].reverse().find((m) => m.role === "user"));
  let text = `This is a simulated reply from ${model} (Switchyard test mode).`;
  if (last?.role === "tool") text += ` The tool returned: "${snippet(textOf(last), 12)}".`;
  else if (question) text += ` You asked: "${snippet(question, 12)}".`;
  const h = hash(question);
  const count = 2 + (h % 3);
  for (let i = 0; i < count; i++) text += SENTENCES[(h + i * 5) % SENTENCES.length];
  return text;
}

/** The tool the model calls now, if any: the one tool_choice names, else the first, on the user's turn. */
function toolToCall(req: CanonicalRequest): { name: string; parameters: unknown } | null {
  const tools = req.tools ?? [];
  const choice = req.tool_choice ?? "auto";
  if (tools.length === 0 || choice === "none") return null;
  if (typeof choice === "object") {
    const t = tools.find((x) => x.function.name === choice.function.name);
    return t ? { name: t.function.name, parameters: t.function.parameters } : null;
  }
  const last = req.messages[req.messages.length - 1];
  if (choice === "auto" && last?.role !== "user") return null;
  return { name: tools[0]!.function.name, parameters: tools[0]!.function.parameters };
}

/** Word-sized pieces ("Hello", " world", "."), each about one token. */
function proseSlices(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}'’-]+|\s*[^\s\p{L}\p{N}]+|\s+/gu) ?? [];
}

/** JSON in slices of a few characters, as models stream it. */
function jsonSlices(text: string): string[] {
  return text.match(/[\s\S]{1,4}/g) ?? [];
}

/** Keeps pieces while they fit in `max` tokens (max_tokens); the cut sets finish "length". */
type Fitted = { pieces: string[]; tokens: number[]; cut: boolean };

function fit(pieces: string[], max: number | undefined): Fitted {
  const tokens: number[] = [];
  let used = 0;
  for (let i = 0; i < pieces.length; i++) {
    const n = Math.max(1, countTextTokens(pieces[i]!));
    if (max !== undefined && used + n > max) return { pieces: pieces.slice(0, i), tokens, cut: true };
    tokens.push(n);
    used += n;
  }
  return { pieces, tokens, cut: false };
}

/** Text cut before the first stop sequence, if one occurs. */
function beforeStop(text: string, stop: string[] | undefined): { text: string; stopped: boolean } {
  let end = -1;
  for (const s of stop ?? []) {
    const i = s ? text.indexOf(s) : -1;
    if (i !== -1 && (end === -1 || i < end)) end = i;
  }
  return end === -1 ? { text, stopped: false } : { text: text.slice(0, end), stopped: true };
}

/** The reply for fitted pieces: cut short, it finishes with "length" whatever it would have. */
function replyOf(f: Fitted, toolCall: { name: string } | null, finish: FinishReason, promptTokens: number): SimulatedReply {
  return { pieces: f.pieces, tokens: f.tokens, toolCall, finish: f.cut ? "length" : finish, promptTokens };
}

export function buildReply(req: CanonicalRequest, model: string): SimulatedReply {
  const promptTokens = countPromptTokens(req.messages, req.tools);
  const question = textOf([...req.messages].reverse().find((m) => m.role === "user"));
  const firstWord = question.match(/[\p{L}\p{N}]+/u)?.[0] ?? "example";
  const tool = toolToCall(req);
  if (tool) {
    const args = JSON.stringify(sampleJson(tool.parameters ?? { type: "object", properties: {} }, firstWord));
    const f = fit(jsonSlices(args), req.max_tokens);
    return replyOf(f, { name: tool.name }, "tool_calls", promptTokens);
  }
  const format = req.response_format;
  if (format && format.type !== "text") {
    const value = format.type === "json_schema"
      ? sampleJson(format.json_schema.schema ?? { type: "object", properties: {} }, firstWord)
      : { answer: proseFor(req, model).trim() };
    const f = fit(jsonSlices(JSON.stringify(value)), req.max_tokens);
    return replyOf(f, null, "stop", promptTokens);
  }
  const { text } = beforeStop(proseFor(req, model), req.stop);
  const f = fit(proseSlices(text), req.max_tokens);
  return replyOf(f, null, "stop", promptTokens);
}
