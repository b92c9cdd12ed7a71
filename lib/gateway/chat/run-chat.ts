// The chat pipeline shared by /chat/completions and /messages:
// resolve chain → limits → reserve worst case → attempts with failover → write (streamed
// chunk by chunk, never buffered) → after the response: settle + request log.
import { performance } from "node:perf_hooks";
import { AppError, isAppError } from "@/lib/errors";
import type { CachedKey } from "@/lib/api-keys/key-cache";
import { reserveCredits, type CreditTicket } from "@/lib/billing/reservations";
import { byokKeysFor } from "@/lib/byok/store";
import { takeRateLimit } from "@/lib/limits/rate-limiter";
import { UpstreamError } from "@/lib/providers/types";
import type { ApiRequest, ApiResponse } from "@/lib/gateway/http/types";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import { resolveChain, type ChainLink } from "@/lib/gateway/chat/resolve-chain";
import { completeWithFailover, linkOf, streamWithFailover, type AttemptContext } from "@/lib/gateway/chat/attempts";
import { maxOutputFor, PromptSize, reservationFor } from "@/lib/gateway/chat/estimate";
import { finalizeChat, finalUsage, type ChatOutcome } from "@/lib/gateway/chat/finalize";
import { toClientError } from "@/lib/gateway/chat/upstream-errors";
import type { ChatSink } from "@/lib/gateway/chat/sink";
import { pipeStream } from "@/lib/gateway/chat/pipe-stream";
import { requestLogBacklog } from "@/lib/observability/request-log";

export type ChatCall = {
  req: ApiRequest;
  res: ApiResponse;
  key: CachedKey;
  parsed: ParsedChatRequest;
  sink: ChatSink;
  endpoint: string;
  /** The client's body as parsed JSON, stored in the log unless zero-retention. */
  body: unknown;
};

function checkLimits(link: ChainLink, prompt: PromptSize, parsed: ParsedChatRequest): void {
  const m = link.model;
  const asked = parsed.canonical.max_tokens;
  if (asked !== undefined && asked > m.maxOutputTokens) {
    throw new AppError("invalid_request",
      `max_tokens is too large: ${asked}. The model '${m.id}' supports at most ${m.maxOutputTokens} output tokens.`, "max_tokens");
  }
  if (!prompt.fitsBelow(m.contextWindow)) {
    throw new AppError("invalid_request",
      `This request has about ${prompt.exact()} input tokens; the model '${m.id}' has a context window of ${m.contextWindow}.`, "messages");
  }
}

export async function runChat(call: ChatCall): Promise<void> {
  const { req, res, key, parsed, sink } = call;
  // Request logs carry the charges; when too many wait to be written (the database is
  // unreachable), refuse new work before reserving rather than ever drop a charged row.
  // BYOK requests too: their rows would grow the same queue.
  if (requestLogBacklog().full) {
    throw new AppError("service_unavailable", "The gateway is busy and cannot record requests right now. Retry shortly.", null,
      { "retry-after": "5" });
  }
  // BYOK: the account's own provider keys (short-TTL cache; null for most accounts).
  const links = resolveChain(parsed.models, key.allowedModels, await byokKeysFor(key.userId), key.userId);
  const prompt = new PromptSize(parsed.canonical);
  checkLimits(links[0]!, prompt, parsed);
  // Only a tokens-per-minute limit needs the exact count here.
  const limitTokens = key.tpmLimit === null ? 0 : prompt.exact() + maxOutputFor(links[0]!, parsed.canonical);
  takeRateLimit(key.keyId, { rpm: key.rpmLimit, tpm: key.tpmLimit }, limitTokens);
  const reservation = reserveFor(call, links, prompt);
  const ticket = reservation instanceof Promise ? await reservation : reservation; // usually no await

  const ctx: AttemptContext = { request: parsed.canonical, signal: req.signal, attempts: [] };
  const outcome: ChatOutcome = {
    call, ticket, prompt, attempts: ctx.attempts, link: links[0]!, status: 200,
    usage: null, generatedText: "", ttftMs: null, error: null, responseBody: null,
  };
  const canonical = parsed.canonical;
  try {
    if (!canonical.stream) {
      const { link, response } = await completeWithFailover(links, ctx);
      outcome.link = link;
      outcome.usage = response.usage ?? null;
      outcome.generatedText = response.usage ? "" : textOf(response.message);
      outcome.responseBody = response;
      res.setHeader("x-switchyard-model", link.model.id);
      res.setHeader("x-switchyard-provider", link.model.provider);
      const usage = finalUsage(outcome);
      res.after(() => finalizeChat(outcome));
      sink.complete(response, link.model.id, usage);
      return;
    }
    const start = await streamWithFailover(links, ctx);
    outcome.link = start.link;
    outcome.ttftMs = performance.now() - req.startedAt;
    res.setHeader("x-switchyard-model", start.link.model.id);
    res.setHeader("x-switchyard-provider", start.link.model.provider);
    await pipeStream(start, outcome, sink, req.signal);
  } catch (err) {
    if (res.headersSent) throw err; // pipeStream already reported it in-stream
    outcome.link = linkOf(err) ?? outcome.link;
    const clientError = err instanceof UpstreamError && err.kind === "aborted"
      ? new AppError("invalid_request", "The client closed the request.")
      : toClientError(err, outcome.link.model.provider);
    outcome.status = err instanceof UpstreamError && err.kind === "aborted" ? 499 : clientError.status;
    outcome.error = err;
    res.after(() => finalizeChat(outcome));
    throw clientError;
  }
}

function textOf(message: { content: string | null; tool_calls?: Array<{ function: { name: string; arguments: string } }> }): string {
  let t = message.content ?? "";
  for (const tc of message.tool_calls ?? []) t += tc.function.arguments;
  return t;
}

/**
 * Reserves the worst case, sized on the prompt's byte bound; when that does not fit the
 * balance, on the exact token count before answering 402. Calls on the user's own key cost
 * no credits: only platform-key links are reserved for. Usually in memory (this process's
 * credit hold covers it): no await, no round trip.
 */
function reserveFor(call: ChatCall, links: ChainLink[], prompt: PromptSize): CreditTicket | Promise<CreditTicket> {
  const paid = links.filter((l) => !l.byok);
  const canonical = call.parsed.canonical;
  const userId = call.key.userId;
  const r = reserveCredits(userId, reservationFor(paid, prompt.bound, canonical));
  if (!(r instanceof Promise)) return r;
  return r.catch((err: unknown) => {
    if (!isAppError(err) || err.code !== "insufficient_credits") throw err;
    const exact = reservationFor(paid, prompt.exact(), canonical);
    return reserveCredits(userId, exact);
  });
}
