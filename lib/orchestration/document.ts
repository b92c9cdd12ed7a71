// `stream: false`: the events of an orchestration call folded into one JSON document with the
// same information. The rule is mechanical, so a new mode's events need no code here:
// - `route` → `route`; a terminal `error` (no sub-call) → `error`;
// - per sub-call (its slot): `chunk` deltas → `content` (and `tool_calls`), `trace` → `trace`,
//   `done` → its fields, `error` → `error`; the last `remaining_*` seen → top level;
// - any other event (compare's `summary`, judge's `verdict`, …) → a field named after it.
import type {
  ChunkEvent, DoneEvent, ErrorEvent, EventTag, EventUsage, OrchestrationEvent, OrchestrationMode, RouteEvent, TraceEvent,
} from "@/lib/orchestration/events";

type ToolCallDoc = { index: number; id?: string; type?: "function"; function: { name: string; arguments: string } };

export type ResultDocument = EventTag & {
  status: "ok" | "error" | "pending";
  resolved_model: string | null;
  content: string;
  tool_calls?: ToolCallDoc[];
  finish_reason: DoneEvent["finish_reason"];
  usage: EventUsage;
  latency_ms: number | null;
  ttft_ms: number | null;
  charged_credits: string;
  charged_units: string;
  trace: Omit<TraceEvent, "event" | keyof EventTag> | null;
  error: Omit<ErrorEvent, "event" | keyof EventTag> | null;
};

type Slot = { result: ResultDocument; parts: string[] };

/** A `done` event's fields that are not its result's: the event name, the tag, the account's balance. */
const NOT_RESULT_FIELDS = new Set(["event", "model", "index", "stage", "remaining_credits", "remaining_units"]);

export class OrchestrationDocument {
  private readonly slots: Slot[] = [];
  private route: Omit<RouteEvent, "event"> | null = null;
  private error: Omit<ErrorEvent, "event"> | null = null;
  private remaining: { remaining_credits: string; remaining_units: string } | null = null;
  private readonly extra: Record<string, unknown> = {};
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(private readonly id: string, private readonly mode: OrchestrationMode) {}

  addResult(tag: EventTag): number {
    // Written out, not `{ ...tag, … }`: a literal that starts with a spread and then gains
    // properties leaves V8's fast path (compare-summary.ts); /chat's tag has no index or stage.
    const result: ResultDocument = tag.index === undefined && tag.stage === undefined
      ? {
        model: tag.model, status: "pending", resolved_model: null, content: "", finish_reason: null,
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latency_ms: null, ttft_ms: null,
        charged_credits: "0", charged_units: "0", trace: null, error: null,
      }
      : {
        model: tag.model, index: tag.index, stage: tag.stage, status: "pending", resolved_model: null, content: "", finish_reason: null,
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latency_ms: null, ttft_ms: null,
        charged_credits: "0", charged_units: "0", trace: null, error: null,
      };
    this.slots.push({ parts: [], result });
    return this.slots.length - 1;
  }

  add(event: OrchestrationEvent, slotIndex?: number): void {
    const slot = slotIndex === undefined ? undefined : this.slots[slotIndex];
    switch (event.event) {
      case "route": {
        const { event: _e, ...rest } = event as RouteEvent;
        this.route = rest;
        return;
      }
      case "chunk":
        if (slot) this.chunk(slot, event as ChunkEvent);
        return;
      case "trace":
        if (slot) {
          const { attempts, failovers } = event as TraceEvent;
          slot.result.trace = { attempts, failovers };
        }
        return;
      case "done":
        if (slot) this.done(slot, event as DoneEvent);
        return;
      case "error": {
        const { event: _e, model, index, stage, ...rest } = event as ErrorEvent;
        if (slot) {
          slot.result.error = rest;
          slot.result.status = "error";
        } else {
          this.error = { ...(model !== undefined ? { model } : {}), ...(index !== undefined ? { index, stage } : {}), ...rest };
        }
        return;
      }
      default: {
        const { event: name, ...rest } = event;
        this.extra[name] = rest;
      }
    }
  }

  /** A text delta of the sub-call in `slotIndex` (the stream's chunk events, without the event). */
  addText(slotIndex: number, delta: string): void {
    if (delta) this.slots[slotIndex]?.parts.push(delta);
  }

  private chunk(slot: Slot, e: ChunkEvent): void {
    if (e.delta) slot.parts.push(e.delta);
    if (!e.tool_calls) return;
    const calls = (slot.result.tool_calls ??= []);
    for (const t of e.tool_calls) {
      let call = calls.find((c) => c.index === t.index);
      if (!call) calls.push((call = { index: t.index, function: { name: "", arguments: "" } }));
      if (t.id) call.id = t.id;
      if (t.type) call.type = t.type;
      if (t.function?.name) call.function.name += t.function.name;
      if (t.function?.arguments) call.function.arguments += t.function.arguments;
    }
  }

  private done(slot: Slot, e: DoneEvent): void {
    // Every field but the tag and the balance goes to the result (a loop rather than a rest
    // pattern and Object.assign: no copy of the event).
    const result = slot.result as Record<string, unknown>;
    for (const k in e) if (!NOT_RESULT_FIELDS.has(k)) result[k] = e[k as keyof DoneEvent];
    slot.result.model = e.model; // /chat names the model that answered
    if (slot.result.status === "pending") slot.result.status = "ok";
    const { remaining_credits, remaining_units } = e;
    if (remaining_credits !== undefined && remaining_units !== undefined) this.remaining = { remaining_credits, remaining_units };
  }

  toJSON(): Record<string, unknown> {
    const results = this.slots.map((s) => {
      s.result.content = s.parts.join(""); // `content` is already the result's (addResult): its place does not move
      return s.result;
    });
    return {
      id: this.id, object: `switchyard.${this.mode}`, created: this.created, mode: this.mode, route: this.route,
      results, ...this.extra, ...(this.remaining ?? {}), ...(this.error ? { error: this.error } : {}),
    };
  }
}
