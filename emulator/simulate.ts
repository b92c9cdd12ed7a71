import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { generationMs } from "./answer";
import type { Behavior } from "./behavior";
import type { BehaviorStore } from "./behavior-store";
import { failureMessage, formatError, type ErrorReply, type WireFormat } from "./formats/errors";
import { sendJson, sendRaw, sendTruncated } from "./http-io";
import type { PromptCache } from "./prompt-cache";
import type { RequestRecorder } from "./recorder";

/** Monotonic ids so responses are repeatable within one emulator run. */
export class IdSource {
  private n = 0;
  next(prefix: string): string {
    this.n += 1;
    return `${prefix}${this.n.toString(36).padStart(8, "0")}`;
  }
  reset(): void {
    this.n = 0;
  }
}

/** Everything a request handler needs from the running emulator. */
export type EmulatorState = {
  behaviors: BehaviorStore;
  cache: PromptCache;
  recorder: RequestRecorder;
  ids: IdSource;
  /** Responses held open by `hang`; ended when the emulator closes. */
  hanging: Set<ServerResponse>;
};

export function sendError(res: ServerResponse, reply: ErrorReply): void {
  sendJson(res, reply.status, reply.body, reply.headers);
}

const GARBAGE_JSON = '{"id": "garbage", "object": "chat.completion", "choices": [{"message": {"content": "trunc';
const GARBAGE_SSE = 'data: {"id": "garbage", "choices": [{"delta": {"content": "x"\n\ndata: <html>not json</html>\n\n';

/**
 * The part of every model call that does not depend on the wire format: latency before
 * headers, hang, simulated failures and garbage bodies. Returns the behavior when the call
 * should be answered normally, null when it has already been dealt with.
 */
export async function runPreamble(
  state: EmulatorState,
  res: ServerResponse,
  format: WireFormat,
  model: string,
  stream: boolean,
): Promise<Behavior | null> {
  const behavior = state.behaviors.resolve(model);
  if (behavior.latencyMs > 0) await sleep(behavior.latencyMs);
  if (res.destroyed) return null;
  if (behavior.hang) {
    state.hanging.add(res);
    res.on("close", () => state.hanging.delete(res));
    return null;
  }
  if (state.behaviors.shouldFail(model, behavior)) {
    const reply = formatError(format, behavior.failStatus, failureMessage(format, behavior.failStatus));
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    if (behavior.failStatus === 429 && behavior.retryAfterSec > 0) headers["retry-after"] = String(behavior.retryAfterSec);
    sendError(res, { ...reply, headers });
    return null;
  }
  if (behavior.garbage) {
    if (stream) sendRaw(res, 200, GARBAGE_SSE, "text/event-stream");
    else sendRaw(res, 200, GARBAGE_JSON, "application/json");
    return null;
  }
  return behavior;
}

/**
 * Sends a non-streamed answer after the simulated generation time (ttft + tokens at the
 * model's pace). `cutAfterChunks` turns into a body cut in half and a dropped connection.
 */
export async function deliverJson(
  res: ServerResponse,
  behavior: Behavior,
  payload: unknown,
  completionTokens: number,
  headers: Record<string, string> = {},
): Promise<void> {
  const wait = behavior.ttftMs + generationMs(behavior, completionTokens);
  if (wait >= 1) await sleep(wait);
  if (res.destroyed) return;
  if (behavior.cutAfterChunks !== null) {
    sendTruncated(res, JSON.stringify(payload), headers);
    return;
  }
  sendJson(res, 200, payload, headers);
}
