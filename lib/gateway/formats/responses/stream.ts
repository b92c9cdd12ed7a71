// Canonical chunks → the Responses API event stream: `event: <type>` + `data: {json}` with a
// `sequence_number`, no [DONE]. Lifecycle: response.created, response.in_progress; per output
// item: output_item.added → (message) content_part.added, output_text.delta…, output_text.done,
// content_part.done | (function call) function_call_arguments.delta…, .done → output_item.done;
// then response.completed (or .incomplete when cut by max_output_tokens, .failed on an error).
// A message closes when a function call starts; calls close at the end, in output order.
import type { CanonicalChunk, FinishReason, Usage } from "@/lib/providers/types";
import type { OutputItem, ResponseEcho, ResponseObject } from "./echo";
import { functionCallItem, messageItem, responseObject, statusOf, type ResponseIds } from "./response";

type MessageState = { kind: "message"; index: number; id: string; idJson: string; parts: string[]; done: boolean };
type CallState = { kind: "call"; index: number; id: string; idJson: string; callId: string; name: string; parts: string[]; done: boolean };
type ItemState = MessageState | CallState;

export class ResponsesStreamEncoder {
  private seq = 0;
  private readonly items: ItemState[] = [];
  private message: MessageState | null = null;
  private readonly calls = new Map<number, CallState>();

  constructor(private readonly ids: ResponseIds, private readonly model: string, private readonly echo: ResponseEcho) {}

  private event(type: string, fields: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.seq++, ...fields })}\n\n`;
  }

  private snapshot(status: ResponseObject["status"], usage: Usage | null, extra: Partial<Pick<ResponseObject, "incomplete_details" | "error">> = {}): ResponseObject {
    return responseObject(this.ids, this.model, this.echo, {
      status, output: this.items.map((s) => this.itemOf(s, status === "failed" ? "incomplete" : "completed")), usage,
      incomplete: extra.incomplete_details ?? null, error: extra.error ?? null,
    });
  }

  private itemOf(s: ItemState, finished: "completed" | "incomplete"): OutputItem {
    const status = s.done ? "completed" : finished;
    return s.kind === "message"
      ? messageItem(s.id, s.parts.join(""), status)
      : functionCallItem(s.id, s.callId, s.name, s.parts.join(""), status);
  }

  start(): string {
    const created = this.snapshot("in_progress", null);
    created.output = [];
    return this.event("response.created", { response: created }) + this.event("response.in_progress", { response: created });
  }

  push(chunk: CanonicalChunk): string {
    let out = "";
    const d = chunk.delta;
    if (d.content) {
      if (!this.message) out += this.openMessage();
      const m = this.message!;
      m.parts.push(d.content);
      // One event per token: written by hand around the one dynamic part.
      out += `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":${this.seq++},` +
        `"item_id":${m.idJson},"output_index":${m.index},"content_index":0,"delta":${JSON.stringify(d.content)},"logprobs":[]}\n\n`;
    }
    for (const tc of d.tool_calls ?? []) {
      let call = this.calls.get(tc.index);
      if (!call) {
        if (this.message) out += this.closeMessage();
        out += this.openCall(tc.index, tc.id, tc.function?.name);
        call = this.calls.get(tc.index)!;
      } else if (tc.function?.name && !call.name) call.name = tc.function.name;
      const args = tc.function?.arguments;
      if (args) {
        call.parts.push(args);
        out += this.event("response.function_call_arguments.delta", { item_id: call.id, output_index: call.index, delta: args });
      }
    }
    return out;
  }

  private openMessage(): string {
    const index = this.items.length;
    const id = this.ids.item(index, "msg");
    const m: MessageState = { kind: "message", index, id, idJson: JSON.stringify(id), parts: [], done: false };
    this.items.push(m);
    this.message = m;
    const item = messageItem(id, "", "in_progress");
    item.content = [];
    return this.event("response.output_item.added", { output_index: index, item }) +
      this.event("response.content_part.added", { item_id: id, output_index: index, content_index: 0, part: emptyText() });
  }

  private closeMessage(): string {
    const m = this.message!;
    this.message = null;
    m.done = true;
    const text = m.parts.join("");
    const part = Object.assign(emptyText(), { text });
    return this.event("response.output_text.done", { item_id: m.id, output_index: m.index, content_index: 0, text, logprobs: [] }) +
      this.event("response.content_part.done", { item_id: m.id, output_index: m.index, content_index: 0, part }) +
      this.event("response.output_item.done", { output_index: m.index, item: messageItem(m.id, text, "completed") });
  }

  private openCall(toolIndex: number, callId: string | undefined, name: string | undefined): string {
    const index = this.items.length;
    const id = this.ids.item(index, "fc");
    const c: CallState = {
      kind: "call", index, id, idJson: JSON.stringify(id), callId: callId ?? `call_${id.slice(3)}`, name: name ?? "", parts: [], done: false,
    };
    this.items.push(c);
    this.calls.set(toolIndex, c);
    return this.event("response.output_item.added", { output_index: index, item: functionCallItem(id, c.callId, c.name, "", "in_progress") });
  }

  private closeCall(c: CallState): string {
    c.done = true;
    const args = c.parts.join("");
    return this.event("response.function_call_arguments.done", { item_id: c.id, output_index: c.index, name: c.name, arguments: args }) +
      this.event("response.output_item.done", { output_index: c.index, item: functionCallItem(c.id, c.callId, c.name, args, "completed") });
  }

  /** Normal end: closes what is open (an empty message when nothing came), then the final snapshot. */
  finish(usage: Usage, finish: FinishReason): string {
    let out = "";
    if (this.items.length === 0) out += this.openMessage();
    if (this.message) out += this.closeMessage();
    for (const s of this.items) if (s.kind === "call" && !s.done) out += this.closeCall(s);
    const { status, incomplete } = statusOf(finish);
    const type = status === "completed" ? "response.completed" : "response.incomplete";
    return out + this.event(type, { response: this.snapshot(status, usage, { incomplete_details: incomplete }) });
  }

  /** Failure after the stream began: the terminal response.failed with what was generated so far. */
  fail(message: string, rateLimited: boolean): string {
    const error = { code: rateLimited ? "rate_limit_exceeded" : "server_error", message };
    return this.event("response.failed", { response: this.snapshot("failed", null, { error }) });
  }
}

function emptyText() {
  return { type: "output_text" as const, text: "", annotations: [] as [], logprobs: [] as [] };
}
