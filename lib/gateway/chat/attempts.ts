// Tries the chain in order: skips upstreams whose breaker is open, fails over on retryable
// errors (408/409/425/429/5xx, timeouts, connection errors) and never on other 4xx. For a
// stream, failover is possible only until the first chunk, so the first chunk is pulled
// here, inside the retry loop, before anything is written to the client.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { toAbortSignal, type Cancel } from "@/lib/cancel";
import { AppError } from "@/lib/errors";
import {
  breakerAllows, recordFailure, recordRateLimited, recordSuccess, releaseProbe, retryAfterSeconds,
} from "@/lib/routing/breaker";
import { UpstreamError, type CanonicalChunk, type CanonicalRequest, type CanonicalResponse } from "@/lib/providers/types";
import type { AttemptLog } from "@/lib/observability/request-log";
import type { ChainLink } from "@/lib/gateway/chat/resolve-chain";
import type { ChunkStream } from "@/lib/providers/chunk-stream";

export const ATTEMPT_TIMEOUTS = { connect: 10_000, firstByte: 60_000, total: 600_000 };

export type AttemptContext = {
  request: Omit<CanonicalRequest, "model" | "stream">;
  signal: Cancel;
  attempts: AttemptLog[];
};

export type StreamStart = {
  link: ChainLink;
  first: CanonicalChunk | null;
  rest: ChunkStream;
  ttftMs: number;
};

/** One pass over the chain; a single-model chain gets one retry of the same model. */
function plan(links: ChainLink[]): ChainLink[] {
  return links.length === 1 ? [links[0]!, links[0]!] : links;
}

function describe(err: unknown): { status: number | null; error: string } {
  if (err instanceof UpstreamError) return { status: err.status, error: `${err.kind}: ${err.message}` };
  return { status: null, error: err instanceof Error ? err.message : String(err) };
}

/** The chain with breakers and failover, for any kind of call (chat, embeddings). */
export async function tryChain<T>(
  links: ChainLink[], ctx: Pick<AttemptContext, "signal" | "attempts">, call: (link: ChainLink, started: number) => Promise<T>,
): Promise<{ link: ChainLink; value: T }> {
  let lastError: unknown = null;
  let lastLink = links[0]!;
  const order = plan(links);
  for (const [i, link] of order.entries()) {
    if (ctx.signal.aborted) break;
    if (!breakerAllows(link)) {
      ctx.attempts.push({ model: link.model.id, provider: link.model.provider, status: null, error: "circuit open", latencyMs: 0 });
      continue;
    }
    lastLink = link;
    const started = performance.now();
    try {
      const value = await call(link, started);
      recordSuccess(link);
      return { link, value };
    } catch (err) {
      const d = describe(err);
      ctx.attempts.push({ model: link.model.id, provider: link.model.provider, status: d.status, error: d.error,
        latencyMs: Math.round(performance.now() - started) });
      if (err instanceof UpstreamError && err.kind === "aborted") {
        releaseProbe(link);
        throw err;
      }
      lastError = err;
      if (!(err instanceof UpstreamError) || !err.retryable) {
        releaseProbe(link);
        throw Object.assign(err instanceof Error ? err : new Error(String(err)), { link });
      }
      // A 429 is a quota answer, not an outage: it trips the breaker only when sustained.
      if (err.status === 429) recordRateLimited(link, err.retryAfterMs);
      else recordFailure(link);
      if (i === 0 && order.length === 2 && order[1] === link && err.retryAfterMs) {
        // Waits, or less if the client goes away meanwhile (the abort rejects; nothing to do).
        await sleep(Math.min(err.retryAfterMs, 1000), undefined, { signal: toAbortSignal(ctx.signal) }).catch(() => undefined);
      }
    }
  }
  if (lastError === null && !ctx.signal.aborted) {
    // Every breaker refused: tell the client when the first one lets a probe through again.
    const retryAfter = String(retryAfterSeconds(links));
    throw Object.assign(new AppError("service_unavailable",
      `Every model for this request is temporarily unavailable (circuit breaker open after repeated upstream failures). Retry in ${retryAfter} s or add fallbacks with \`models\`.`,
      null, { "retry-after": retryAfter }), { link: lastLink });
  }
  throw Object.assign(lastError instanceof Error && !ctx.signal.aborted ? lastError : new UpstreamError("client went away", null, "aborted", false),
    { link: lastLink });
}

export async function completeWithFailover(links: ChainLink[], ctx: AttemptContext):
  Promise<{ link: ChainLink; response: CanonicalResponse }> {
  const { link, value } = await tryChain(links, ctx, async (l, started) => {
    const response = await l.adapter.complete(requestFor(l, ctx, false),
      { target: l.target, signal: ctx.signal, timeouts: ATTEMPT_TIMEOUTS });
    ctx.attempts.push({ model: l.model.id, provider: l.model.provider, status: 200,
      latencyMs: Math.round(performance.now() - started) });
    return response;
  });
  return { link, response: value };
}

export async function streamWithFailover(links: ChainLink[], ctx: AttemptContext): Promise<StreamStart> {
  const { link, value } = await tryChain(links, ctx, async (l, started) => {
    const it = l.adapter.stream(requestFor(l, ctx, true),
      { target: l.target, signal: ctx.signal, timeouts: ATTEMPT_TIMEOUTS });
    const first = await firstSubstantive(it);
    const ttftMs = performance.now() - started;
    ctx.attempts.push({ model: l.model.id, provider: l.model.provider, status: 200,
      latencyMs: Math.round(ttftMs), ttftMs: Math.round(ttftMs) });
    return { first: first.done ? null : first.value, rest: it, ttftMs };
  });
  return { link, ...value };
}

/** The request for one link: its upstream model id, and max_tokens within that model's cap
 *  (a fallback may allow fewer output tokens than the model the client asked for). */
function requestFor(l: ChainLink, ctx: AttemptContext, stream: boolean): CanonicalRequest {
  const max = ctx.request.max_tokens;
  const capped = max !== undefined && max > l.model.maxOutputTokens ? l.model.maxOutputTokens : max;
  // Not `{ ...ctx.request, model, … }`: on Node 20 a literal that starts with a spread and then
  // gains a key its source lacks (`model`) leaves V8's fast path (~1 µs, docs/performance.md).
  const r: CanonicalRequest = Object.assign({}, ctx.request, { model: l.model.upstreamModel, stream });
  if (capped !== max) r.max_tokens = capped;
  return r;
}

/**
 * Pulls past role-only chunks (some providers send `{role:"assistant"}` at once, before the
 * model has produced anything) so that failover stays possible until real output exists and
 * TTFT measures the first token. Leading roles are folded into the chunk that is returned.
 */
async function firstSubstantive(it: ChunkStream): Promise<IteratorResult<CanonicalChunk>> {
  let role: "assistant" | undefined;
  for (;;) {
    const r = await it.next();
    if (r.done) return r;
    const c = r.value;
    const empty = !c.delta.content && !c.delta.tool_calls?.length && !c.finish_reason && !c.usage;
    if (!empty) return role && !c.delta.role ? { done: false, value: Object.assign({}, c, { delta: { role, ...c.delta } }) } : r;
    role = c.delta.role ?? role;
  }
}

/** The link an error carries (set by tryChain), for logs and error messages. */
export function linkOf(err: unknown): ChainLink | null {
  return typeof err === "object" && err !== null && "link" in err ? (err as { link: ChainLink }).link : null;
}
