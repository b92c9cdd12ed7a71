// One call of a replay (the candidate's, or the judge's) through the same chat pipeline as
// /chat/completions and the orchestration sub-calls (lib/gateway/chat/run-chat.ts): chain
// resolution, limits, reservation, attempts with failover and breakers, settlement by billing
// and its request log (source: replay, through the key copy). It has no HTTP exchange: its
// request carries the item's deterministic id, its response writes nothing, the sink keeps
// the text, and the post-response work (the settlement) runs as soon as it ends.
import { performance } from "node:perf_hooks";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { tryReserve } from "@/lib/billing/settlement/reserve";
import { byokKeysFor } from "@/lib/byok/store";
import { AppError } from "@/lib/errors";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { ChatSink } from "@/lib/gateway/chat/sink";
import { planChat, refuseWhenBacklogged, reserveGrowing, runChat, type ChainPlan, type SettledChat } from "@/lib/gateway/chat/run-chat";
import { logger } from "@/lib/observability/logger";
import { accountPolicies } from "@/lib/policies/lookup";
import { needsPolicies } from "@/lib/policies/resolve";
import type { Usage } from "@/lib/providers/types";

export type ReplayCallResult = {
  status: number;
  text: string;
  usage: Usage | null;
  /** Charged, in units (markup included). */
  charged: bigint;
  latencyMs: number;
  error: string | null;
};

/** Resolves and admits the call (its tokens count against the key's TPM); `worst` is its reservation. Throws AppError. */
export async function planReplayCall(key: CachedKey, parsed: ParsedChatRequest): Promise<ChainPlan> {
  refuseWhenBacklogged();
  const policies = needsPolicies(key, parsed.models) ? await accountPolicies(key.userId) : null; // a `policy/<name>` candidate
  return planChat(key, parsed, parsed.models, await byokKeysFor(key.userId), false, true, policies);
}

function noBody(): Promise<Buffer> {
  return Promise.reject(new AppError("internal_error", "A replay call has no request body to read."));
}

/** Reserves the plan's worst case (402 when the balance cannot cover it), runs and settles the call. */
export async function runReplayCall(
  key: CachedKey, parsed: ParsedChatRequest, plan: ChainPlan, requestId: string, body: unknown, signal: AbortSignal,
): Promise<ReplayCallResult> {
  const reservation = tryReserve(key, plan.worst) ?? (await reserveGrowing(key, plan, parsed.canonical));
  const after: Array<() => void | Promise<void>> = [];
  const parts: string[] = [];
  let failure: AppError | null = null;
  const req: ApiRequest = {
    method: "POST", path: "/replays", query: new URLSearchParams(), header: () => undefined, readBody: noBody,
    signal, requestId, startedAt: performance.now(),
  };
  const res: ApiResponse = {
    setHeader: () => undefined, writeHead: () => undefined, write: () => undefined, end: () => undefined,
    headersSent: false, after: (fn) => void after.push(fn),
  };
  const sink: ChatSink = {
    complete: (response) => {
      parts.push(response.message.content ?? "");
      return null;
    },
    open: () => undefined,
    chunk: (c) => void (c.delta.content && parts.push(c.delta.content)),
    close: () => undefined,
    fail: (err) => {
      failure = err;
    },
  };
  let settled: SettledChat | null = null;
  let thrown: unknown = null;
  try {
    await runChat({
      req, res, key, parsed, sink, endpoint: "replay", body, prepared: { plan, reservation },
      onSettled: (s) => {
        settled = s;
      },
    });
  } catch (err) {
    thrown = err;
  }
  for (const fn of after.splice(0)) {
    try {
      await fn();
    } catch (err) {
      logger().error({ err: String(err), requestId }, "replay call settlement failed");
    }
  }
  const s = settled as SettledChat | null;
  const err = failure ?? thrown ?? s?.error ?? null;
  return {
    status: s?.status ?? 500, text: parts.join(""), usage: s?.usage ?? null, charged: s?.charged ?? 0n,
    latencyMs: Math.round(s?.latencyMs ?? 0), error: s?.status === 200 ? null : err instanceof Error ? err.message : err ? String(err) : "failed",
  };
}
