// Writes an orchestration call's events: as an event stream, or (stream: false) collected into
// one JSON document with the same information (document.ts).
//
// Stream: nothing goes out before the first byte of the first model's answer (`open()`): the
// events produced until then (route, errors of models that failed at once) wait, so a call
// whose every model fails before that is still a plain JSON error with its HTTP status. From
// then on events are written as they come, joined per event-loop turn (coalesce.ts, "turn").
import type { ApiResponse } from "@/lib/gateway/http/types";
import { coalescingWriter, type CoalescingWriter } from "@/lib/gateway/http/coalesce";
import { sendJson } from "@/lib/gateway/http/respond";
import { toJsonText } from "@/lib/json-text";
import { writeSseHead } from "@/lib/gateway/chat/sink";
import { OrchestrationDocument } from "@/lib/orchestration/document";
import { SSE_DONE_LINE, type EventTag, type OrchestrationEvent, type OrchestrationMode } from "@/lib/orchestration/events";

export interface EventWriter {
  /** True once the response has started (stream: its head is out). */
  readonly opened: boolean;
  /** A sub-call's place in the document (stream: unused); returns its slot. */
  slot(tag: EventTag): number;
  /** Writes (or, before the head / in document mode, keeps) an event; `slot`: the sub-call it is about. */
  emit(event: OrchestrationEvent, slot?: number): void;
  /**
   * A sub-call's text delta — the hot path of every stream: `prefix` is its chunk event up to
   * the delta (chunkPrefix, built once per sub-call), so only the delta is serialised.
   */
  text(slot: number, prefix: string, delta: string): void;
  /** The `prefix` of a sub-call's `text` (stream: chunkPrefix; a document needs none, so builds none). */
  prefixFor(tag: EventTag): string;
  /** The first byte of an answer is here: the head goes out with what waited for it. */
  open(): void;
  /** Ends the response: `data: [DONE]`, or the document. Only once `opened` for a stream. */
  end(): void;
}

class StreamWriter implements EventWriter {
  opened = false;
  private pending = "";
  private out: CoalescingWriter | null = null;
  constructor(private readonly res: ApiResponse) {}

  slot(): number {
    return -1;
  }

  emit(event: OrchestrationEvent): void {
    this.line(`data: ${toJsonText(event)}\n\n`);
  }

  text(_slot: number, prefix: string, delta: string): void {
    this.line(`${prefix}${JSON.stringify(delta)}}\n\n`);
  }

  prefixFor(tag: EventTag): string {
    return chunkPrefix(tag);
  }

  private line(line: string): void {
    if (this.out) this.out.write(line);
    else this.pending += line;
  }

  open(): void {
    if (this.opened) return;
    this.opened = true;
    writeSseHead(this.res);
    this.out = coalescingWriter(this.res, "turn"); // the sub-calls' reads of one loop turn: one write
    // Never an empty first write: the head goes out with the first event.
    if (this.pending) this.out.write(this.pending);
    this.pending = "";
  }

  end(): void {
    this.open();
    this.out!.end(SSE_DONE_LINE);
  }
}

class DocumentWriter implements EventWriter {
  opened = false;
  private readonly doc: OrchestrationDocument;
  constructor(private readonly res: ApiResponse, id: string, mode: OrchestrationMode) {
    this.doc = new OrchestrationDocument(id, mode);
  }

  slot(tag: EventTag): number {
    return this.doc.addResult(tag);
  }

  emit(event: OrchestrationEvent, slot?: number): void {
    this.doc.add(event, slot);
  }

  text(slot: number, _prefix: string, delta: string): void {
    this.doc.addText(slot, delta);
  }

  prefixFor(): string {
    return "";
  }

  open(): void {
    this.opened = true;
  }

  end(): void {
    this.opened = true;
    sendJson(this.res, 200, this.doc.toJSON());
  }
}

/** `data: {"event":"chunk",<tag>,"delta":` — a sub-call's chunk events up to their delta. */
export function chunkPrefix(tag: EventTag): string {
  return `data: {"event":"chunk",${JSON.stringify(tag).slice(1, -1)},"delta":`;
}

export function eventWriter(res: ApiResponse, stream: boolean, id: string, mode: OrchestrationMode): EventWriter {
  return stream ? new StreamWriter(res) : new DocumentWriter(res, id, mode);
}
