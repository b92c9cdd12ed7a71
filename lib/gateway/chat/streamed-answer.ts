// What a streamed answer said, for the log: pipe-stream.ts keeps the generated pieces anyway
// (to count tokens when usage never comes), in arrival order; tool calls — rare — also note
// which call each argument piece belongs to. Nothing is copied or joined while the stream runs:
// the document the log stores is assembled after the response (finalize.ts), here.
import type { CanonicalChunk, CanonicalResponse, FinishReason, Usage } from "@/lib/providers/types";
import { toChatCompletion, toChatCompletionId, toOpenAIUsage, type ChatCompletion } from "@/lib/gateway/formats/openai/response";
import { JsonText, MAX_BODY_CHARS, storableText, type StoredBody } from "@/lib/observability/log-body";

type ToolCallDelta = NonNullable<CanonicalChunk["delta"]["tool_calls"]>[number];

/** A stream's tool calls by index, and which call each argument piece (its place in `parts`) belongs to. */
export class ToolCallPieces {
  private readonly calls: Array<{ index: number; id?: string; name?: string }> = [];
  private readonly argOf = new Map<number, number>();

  /** Notes the deltas' ids and names; appends their argument pieces to `parts`. */
  take(deltas: ToolCallDelta[], parts: string[]): void {
    for (const t of deltas) {
      let call = this.calls.find((c) => c.index === t.index);
      if (!call) this.calls.push((call = { index: t.index }));
      if (t.id) call.id = t.id;
      if (t.function?.name) call.name = t.function.name;
      if (t.function?.arguments) this.argOf.set(parts.push(t.function.arguments) - 1, t.index);
    }
  }

  isArgument(piece: number): boolean {
    return this.argOf.has(piece);
  }

  assemble(parts: readonly string[]): NonNullable<CanonicalResponse["message"]["tool_calls"]> {
    return this.calls.map((c) => ({
      id: c.id ?? "", type: "function" as const,
      function: { name: c.name ?? "", arguments: parts.filter((_, i) => this.argOf.get(i) === c.index).join("") },
    }));
  }
}

/** What pipe-stream.ts kept of a stream (its StreamEnd carries these fields). */
export type StreamedPieces = {
  /** The stream's id and created time as the client saw them, and our model id. */
  id: string;
  created: number;
  model: string;
  /** Text and tool-call argument pieces, in arrival order. */
  parts: string[];
  finish: FinishReason | null;
  tools: ToolCallPieces | null;
};

/**
 * What the log stores for an answer, streamed or not: the OpenAI chat.completion an OpenAI
 * client would have got for it (formats/openai/response.ts). A stream cut short has no
 * finish reason and carries the error event it ended with.
 */
export type AnswerDocument = Omit<ChatCompletion, "choices"> & {
  choices: Array<Omit<ChatCompletion["choices"][0], "finish_reason"> & { finish_reason: FinishReason | null }>;
  error?: unknown;
};

/** A stream's pieces as one chat.completion document (after the response). `error`: the stream's failure event. */
export function streamedDocument(s: StreamedPieces, usage: Usage | null, error?: unknown): AnswerDocument {
  const { parts, tools } = s;
  const content = tools ? parts.filter((_, i) => !tools.isArgument(i)).join("") : parts.join("");
  const message: CanonicalResponse["message"] = { role: "assistant", content: content || (tools ? null : "") };
  if (tools) message.tool_calls = tools.assemble(parts);
  const whole = toChatCompletion({ id: s.id, created: s.created, model: s.model, message, finish_reason: s.finish ?? "stop" },
    s.model, usage ?? undefined);
  const doc: AnswerDocument = Object.assign({}, whole, { choices: [Object.assign({}, whole.choices[0], { finish_reason: s.finish })] });
  if (error !== undefined) doc.error = error;
  return doc;
}

/** Room left in the stored-body budget for everything but a streamed answer's text. */
const DOCUMENT_ROOM = 1_024;

/**
 * A text-only stream that ended without an error event, stored (log-body.ts) as the JSON text
 * of streamedDocument's document made storable, written directly: the document object, its
 * sanitising walk and its JSON.stringify were ~2.5 % of a stream's CPU. The same JSON, key
 * for key (streamed-answer.test.ts compares them). Null for anything else — tool calls, an
 * error, text the budget would cut — which takes streamedDocument and sanitizeLogBody.
 */
export function storedStreamDocument(s: StreamedPieces, usage: Usage | null): StoredBody | null {
  if (s.tools) return null;
  const content = s.parts.join("");
  if (content.length > MAX_BODY_CHARS - DOCUMENT_ROOM) return null;
  const text = `{"id":${JSON.stringify(storableText(toChatCompletionId(s.id)))},"object":"chat.completion",` +
    `"created":${JSON.stringify(s.created)},"model":${JSON.stringify(storableText(s.model))},` +
    `"choices":[{"index":0,"message":{"role":"assistant","content":${JSON.stringify(storableText(content))},"refusal":null},` +
    `"logprobs":null,"finish_reason":${JSON.stringify(s.finish)}}]` +
    (usage ? `,"usage":${JSON.stringify(toOpenAIUsage(usage))}}` : "}");
  return { value: new JsonText(text), truncated: false };
}

/** A whole (non-streamed) answer as the same document, under the model the client was answered with. */
export function responseDocument(r: CanonicalResponse, model: string, usage: Usage | null): AnswerDocument {
  return toChatCompletion(r, model, usage ?? undefined);
}
