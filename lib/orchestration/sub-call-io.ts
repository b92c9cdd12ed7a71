// The request/response pair a sub-call runs on. A sub-call goes through the same pipeline as
// /chat/completions (lib/gateway/chat/run-chat.ts: attempts, failover, breakers, settlement,
// request log), but it has no HTTP exchange of its own: its "request" carries its own id, the
// client's abort signal and its own start time; its "response" writes nothing (the sink turns
// its chunks into orchestration events), and its post-response work — the settlement — runs
// as soon as the sub-call ends (`settle()`), so its charge is known to the events that follow.
import { performance } from "node:perf_hooks";
import type { Cancel } from "@/lib/cancel";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import type { ChatSink } from "@/lib/gateway/chat/sink";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { FinishReason } from "@/lib/providers/types";
import type { EventWriter } from "@/lib/orchestration/event-writer";
import type { EventTag, ToolCallDelta } from "@/lib/orchestration/events";

export type SubCallIo = {
  req: ApiRequest;
  res: ApiResponse;
  sink: ChatSink;
  /** Runs the pipeline's post-response work (finalize → billing) now, once. */
  settle(): void;
  /** What the sink saw. */
  readonly seen: { text: () => string; finishReason: FinishReason | null; failure: AppError | null; opened: boolean };
};

export type SubCallIoOptions = {
  parent: ApiRequest;
  /** The client's response: its head, once the first answer starts. */
  parentRes: ApiResponse;
  writer: EventWriter;
  tag: EventTag;
  slot: number;
  /** Stream the text as `chunk` events. */
  emit: boolean;
  /** The sub-call's id (its request log row). */
  requestId: string;
  /** /chat: the one sub-call is the client's request (its start time, its headers, its x-switchyard-* headers). */
  single: boolean;
  signal: Cancel;
};

function noRawBody(name: string): string | undefined {
  return name === "content-length" ? "0" : undefined;
}

function noBody(): Promise<Buffer> {
  return Promise.reject(new AppError("internal_error", "An orchestration sub-call has no request body to read."));
}

// Classes, not object literals with getters: on Node 20 such a literal is built by a runtime
// call per object (~0.6 µs) and is a slow (dictionary-mode) object afterwards (docs/performance.md).
class SubCallRequest implements ApiRequest {
  readonly method = "POST";
  readonly path: string;
  readonly signal: Cancel;
  readonly requestId: string;
  readonly startedAt: number;
  json?: unknown = undefined;
  jsonText?: string = undefined;
  logged?: boolean = undefined;

  constructor(private readonly parent: ApiRequest, private readonly o: SubCallIoOptions) {
    this.path = parent.path;
    this.signal = o.signal;
    this.requestId = o.requestId;
    this.startedAt = o.single ? parent.startedAt : performance.now();
  }

  get query(): URLSearchParams {
    return this.parent.query;
  }

  // /chat: the client's content-length is the request's size (finalize.ts); a sub-call of a
  // multi-model call has no raw body of its own (its parent row has the client's size).
  header(name: string): string | undefined {
    return this.o.single ? this.parent.header(name) : noRawBody(name);
  }

  readBody(): Promise<Buffer> {
    return noBody();
  }
}

class SubCallResponse implements ApiResponse {
  constructor(
    private readonly parentRes: ApiResponse,
    private readonly single: boolean,
    private readonly seen: { opened: boolean },
    private readonly afterTasks: Array<() => void | Promise<void>>,
  ) {}

  // x-switchyard-model / -provider name the model that answers: meaningful for /chat only.
  setHeader(name: string, value: string): void {
    if (this.single && !this.parentRes.headersSent) this.parentRes.setHeader(name, value);
  }

  writeHead(): void {}
  write(): void {}
  end(): void {}

  get headersSent(): boolean {
    return this.seen.opened;
  }

  after(fn: () => void | Promise<void>): void {
    this.afterTasks.push(fn);
  }
}

export function subCallIo(o: SubCallIoOptions): SubCallIo {
  const { parent, parentRes, writer, tag, slot } = o;
  const after: Array<() => void | Promise<void>> = [];
  const parts: string[] = [];
  const seen = { text: () => parts.join(""), finishReason: null as FinishReason | null, failure: null as AppError | null, opened: false };
  const req = new SubCallRequest(parent, o);
  const res = new SubCallResponse(parentRes, o.single, seen, after);
  // Built at the first chunk (after open(): /chat's tag names the model that answered).
  let prefix: string | null = null;
  const emitText = (delta: string, toolCalls?: ToolCallDelta[]) => {
    if (!o.emit) return;
    if (toolCalls?.length) writer.emit({ event: "chunk", ...tag, delta, tool_calls: toolCalls }, slot);
    else if (delta) writer.text(slot, (prefix ??= writer.prefixFor(tag)), delta);
  };
  const sink: ChatSink = {
    complete(response, modelId) {
      seen.opened = true;
      if (o.single) tag.model = modelId;
      writer.open();
      const text = response.message.content ?? "";
      parts.push(text);
      seen.finishReason = response.finish_reason;
      emitText(text, response.message.tool_calls?.map((t, index) => ({ index, ...t })));
      return null;
    },
    open(modelId) {
      seen.opened = true;
      // /chat: its events name the model that answers (after failover); a multi-model call's
      // name the model as requested, at its index.
      if (o.single) tag.model = modelId;
      writer.open();
    },
    chunk(c) {
      const d = c.delta;
      if (d.content) parts.push(d.content);
      if (c.finish_reason) seen.finishReason = c.finish_reason;
      emitText(d.content ?? "", d.tool_calls);
    },
    close(_usage, finish) {
      if (finish) seen.finishReason = finish;
    },
    fail(error) {
      seen.failure = error;
    },
  };
  let settled = false;
  return {
    req, res, sink, seen,
    settle() {
      if (settled) return;
      settled = true;
      for (const fn of after.splice(0)) {
        try {
          const p = fn();
          if (p) p.catch((err: unknown) => logger().error({ err: String(err), requestId: o.requestId }, "sub-call settlement failed"));
        } catch (err) {
          logger().error({ err: String(err), requestId: o.requestId }, "sub-call settlement failed");
        }
      }
    },
  };
}
