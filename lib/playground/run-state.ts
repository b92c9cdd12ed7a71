// One playground run as the events of its stream build it up: the planned calls (route), each
// call's text, timings, tokens and cost (chunk, done, error), and the mode's own result
// (compare's summary, judge's verdict, blend's synthesis). Pure: the browser folds the live
// stream with it, the server folds the same stream into the run's history entry.
import type { PlaygroundMode } from "@/lib/playground/modes";
import type { StreamEvent } from "@/lib/playground/sse-lines";

export type CallStatus = "waiting" | "streaming" | "done" | "error" | "stopped";

export type CallError = { status: number; message: string; refunded: boolean };

export type CallState = {
  /** `${stage}:${index}`: models may repeat, so the stage and position name a call. */
  key: string;
  model: string;
  index: number;
  stage: string;
  text: string;
  status: CallStatus;
  resolvedModel: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** Charged, integer string of 1e-12 USD (exact, from the done/error event). */
  chargedUnits: string | null;
  latencyMs: number | null;
  ttftMs: number | null;
  error: CallError | null;
  /** Browser only: ms from clicking Run to this call's first token. */
  firstTokenMs: number | null;
  /** The stored text was cut (history keeps a bounded copy). */
  truncated?: boolean;
};

export type RouteInfo = { reason: string; model?: string; chain?: string[]; strategy?: string };

export type VerdictScore = { model: string; rank: number; score: number; reasoning: string };
export type Verdict = { judge: string; winner: string; scores: VerdictScore[]; overall: string; unanswered: string[] };

export type BlendResult = { strategy: string; synthesisKey: string | null; content: string; chargedUnits: string | null };

export type CompareResult = { fastest: string | null; cheapest: string | null; totalUnits: string | null };

export type RunError = { status: number; message: string; code: string | null };

export type RunStatus = "idle" | "running" | "done" | "error" | "stopped";

export type RunState = {
  mode: PlaygroundMode;
  status: RunStatus;
  requestId: string | null;
  route: RouteInfo | null;
  order: string[];
  calls: Record<string, CallState>;
  compare: CompareResult | null;
  verdict: Verdict | null;
  blend: BlendResult | null;
  error: RunError | null;
};

export function emptyRun(mode: PlaygroundMode, status: RunStatus = "idle"): RunState {
  return { mode, status, requestId: null, route: null, order: [], calls: {}, compare: null, verdict: null, blend: null, error: null };
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const callKey = (stage: string, index: number): string => `${stage}:${index}`;

/** The call an event is about; null for the run's own events (a terminal error, the summary). */
function keyOf(e: StreamEvent, mode: PlaygroundMode): string | null {
  const index = num(e.index);
  if (index !== null) return callKey(str(e.stage) ?? "source", index);
  // /chat's one call is the client's call: its events carry the model only.
  if (mode === "chat" && str(e.model) !== null) return callKey("source", 0);
  return null;
}

function newCall(key: string, model: string, index: number, stage: string): CallState {
  return {
    key, model, index, stage, text: "", status: "waiting", resolvedModel: null, promptTokens: null, completionTokens: null,
    chargedUnits: null, latencyMs: null, ttftMs: null, error: null, firstTokenMs: null,
  };
}

/** Folds events into a run. `elapsedMs`: time since Run was clicked (browser), for first-token timing. */
export class RunBuilder {
  private readonly touched = new Set<string>();
  constructor(private state: RunState) {}

  /** A copy-on-write builder: the given state is never mutated. */
  static from(state: RunState): RunBuilder {
    return new RunBuilder({ ...state, calls: { ...state.calls }, order: [...state.order] });
  }

  get run(): RunState {
    return this.state;
  }

  private call(key: string, e: StreamEvent): CallState {
    const s = this.state;
    let c = s.calls[key];
    if (!c) {
      const [stage, index] = [key.slice(0, key.lastIndexOf(":")), Number(key.slice(key.lastIndexOf(":") + 1))];
      c = newCall(key, str(e.model) ?? "", index, stage);
      s.calls[key] = c;
      s.order.push(key);
      this.touched.add(key);
      return c;
    }
    if (!this.touched.has(key)) {
      c = { ...c };
      s.calls[key] = c;
      this.touched.add(key);
    }
    return c;
  }

  apply(e: StreamEvent, elapsedMs: number | null = null): void {
    const s = this.state;
    const key = keyOf(e, s.mode);
    switch (e.event) {
      case "route": {
        s.requestId = str(e.id) ?? s.requestId;
        const chain = arr(e.chain).filter((m): m is string => typeof m === "string");
        s.route = { reason: str(e.reason) ?? "" };
        if (str(e.model)) s.route.model = str(e.model)!;
        if (chain.length) s.route.chain = chain;
        if (str(e.strategy)) s.route.strategy = str(e.strategy)!;
        if (s.mode === "chat" && str(e.model)) this.call(callKey("source", 0), e);
        for (const m of arr(e.models)) {
          const p = obj(m);
          const index = num(p?.index);
          if (!p || index === null || !str(p.model)) continue;
          this.call(callKey(str(p.stage) ?? "source", index), p as StreamEvent);
        }
        return;
      }
      case "chunk": {
        if (key === null) return;
        const c = this.call(key, e);
        if (c.status === "stopped") return;
        const delta = str(e.delta) ?? "";
        if (c.status === "waiting") {
          c.status = "streaming";
          if (elapsedMs !== null) c.firstTokenMs = elapsedMs;
        }
        c.text += delta;
        return;
      }
      case "done": {
        if (key === null) return;
        const c = this.call(key, e);
        const usage = obj(e.usage);
        c.resolvedModel = str(e.resolved_model);
        c.promptTokens = num(usage?.prompt_tokens);
        c.completionTokens = num(usage?.completion_tokens);
        c.chargedUnits = str(e.charged_units);
        c.latencyMs = num(e.latency_ms);
        c.ttftMs = num(e.ttft_ms);
        if (c.status !== "stopped") c.status = "done";
        return;
      }
      case "error": {
        const error: CallError = { status: num(e.status_code) ?? 0, message: str(e.message) ?? "Error", refunded: e.refunded === true };
        if (key !== null) {
          const c = this.call(key, e);
          c.error = error;
          c.chargedUnits = str(e.charged_units) ?? (error.refunded ? "0" : c.chargedUnits);
          c.latencyMs = num(e.latency_ms) ?? c.latencyMs;
          if (c.status !== "stopped") c.status = "error";
          return;
        }
        s.error = { status: error.status, message: error.message, code: str(e.code) };
        return;
      }
      case "summary": {
        const ref = (v: unknown) => {
          const p = obj(v);
          const index = num(p?.index);
          return index === null ? null : callKey("source", index);
        };
        s.compare = { fastest: ref(e.fastest), cheapest: ref(e.cheapest), totalUnits: str(e.total_charged_units) };
        return;
      }
      case "verdict": {
        const scores: VerdictScore[] = [];
        for (const v of arr(e.scores)) {
          const p = obj(v);
          if (!p || !str(p.model)) continue;
          scores.push({ model: str(p.model)!, rank: num(p.rank) ?? 0, score: num(p.score) ?? 0, reasoning: str(p.reasoning) ?? "" });
        }
        scores.sort((a, b) => a.rank - b.rank);
        s.verdict = {
          judge: str(e.judge) ?? "", winner: str(e.winner) ?? "", scores, overall: str(e.overall) ?? "",
          unanswered: arr(e.unanswered).filter((m): m is string => typeof m === "string"),
        };
        return;
      }
      case "blend": {
        const syn = obj(e.synthesis);
        const index = num(syn?.index);
        s.blend = {
          strategy: str(e.strategy) ?? "", synthesisKey: syn && index !== null ? callKey(str(syn.stage) ?? "synthesis", index) : null,
          content: str(e.content) ?? "", chargedUnits: str(e.charged_units),
        };
        return;
      }
      default:
        return; // trace and future events: nothing to show yet
    }
  }

  /** The user stopped one call's view: later chunks are ignored (its done still reports what it cost). */
  stop(key: string): void {
    const c = this.state.calls[key];
    if (!c || c.status === "done" || c.status === "error") return;
    this.call(key, { event: "stop" }).status = "stopped";
  }

  /** The stream ended (or was aborted): calls still open are marked stopped when the run did not finish. */
  finish(status: RunStatus): void {
    this.state.status = status;
    if (status === "done") return;
    for (const key of this.state.order) {
      const c = this.state.calls[key]!;
      if (c.status === "waiting" || c.status === "streaming") this.call(key, { event: "stop" }).status = "stopped";
    }
  }
}

/** Sum of what the run's calls were charged (units). */
export function runChargedUnits(run: RunState): bigint {
  let t = 0n;
  for (const key of run.order) {
    const u = run.calls[key]?.chargedUnits;
    if (u && /^\d+$/.test(u)) t += BigInt(u);
  }
  return t;
}

/** A copy whose call texts (and blend content) are at most `maxChars` long, marked truncated. */
export function boundedRun(run: RunState, maxChars: number): RunState {
  const calls: Record<string, CallState> = {};
  for (const [k, c] of Object.entries(run.calls)) {
    calls[k] = c.text.length > maxChars ? { ...c, text: c.text.slice(0, maxChars), truncated: true } : c;
  }
  const blend = run.blend && run.blend.content.length > maxChars ? { ...run.blend, content: run.blend.content.slice(0, maxChars) } : run.blend;
  return { ...run, calls, blend };
}
