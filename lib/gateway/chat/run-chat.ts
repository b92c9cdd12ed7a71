// The chat pipeline shared by /chat/completions and /messages:
// resolve chain → limits → reserve worst case → attempts with failover → write (streamed
// chunk by chunk, never buffered) → after the response: billing settles the charge and
// writes it with the request log (finalize.ts).
import { performance } from "node:perf_hooks";
import { AppError, isAppError } from "@/lib/errors";
import { reserveCredits, tryReserveCredits, type Reservation } from "@/lib/billing/settlement/reserve";
import { chargeBacklog } from "@/lib/billing/settlement/charge-writer";
import { byokKeysFor } from "@/lib/byok/store";
import { takeRateLimit } from "@/lib/limits/rate-limiter";
import { UpstreamError } from "@/lib/providers/types";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import { resolveChain, type ChainLink } from "@/lib/gateway/chat/resolve-chain";
import { completeWithFailover, linkOf, streamWithFailover, type AttemptContext } from "@/lib/gateway/chat/attempts";
import { maxOutputFor, PromptSize, reservationFor } from "@/lib/gateway/chat/estimate";
import { finalUsage, type ChatCall, type ChatOutcome } from "@/lib/gateway/chat/chat-outcome";
import { finalizeChat } from "@/lib/gateway/chat/finalize";
import { toClientError } from "@/lib/gateway/chat/upstream-errors";
import { pipeStream } from "@/lib/gateway/chat/pipe-stream";

export type { ChatCall };

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
  // When too many charges wait to be written (the database is unreachable), refuse new work
  // before reserving rather than ever drop a charge. BYOK requests too: their logs would
  // grow the same queue.
  if (chargeBacklog().full) {
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
  // Calls on the user's own key cost no credits: only platform-key links are reserved for.
  const paid = links.filter((l) => !l.byok);
  const worst = reservationFor(paid, prompt.bound, parsed.canonical);
  // Usually in memory (this process's hold covers it): no await, no round trip.
  const reservation = tryReserveCredits(key.userId, worst) ?? (await reserveGrowing(call, paid, prompt, worst));

  const ctx: AttemptContext = { request: parsed.canonical, signal: req.signal, attempts: [] };
  const outcome: ChatOutcome = {
    call, reservation, prompt, attempts: ctx.attempts, link: links[0]!, status: 200,
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
      sink.complete(response, link.model.id, finalUsage(outcome.usage, outcome.generatedText, prompt));
      return;
    }
    const start = await streamWithFailover(links, ctx);
    outcome.link = start.link;
    outcome.ttftMs = performance.now() - req.startedAt;
    res.setHeader("x-switchyard-model", start.link.model.id);
    res.setHeader("x-switchyard-provider", start.link.model.provider);
    const end = await pipeStream(start, call, prompt);
    outcome.status = end.status;
    outcome.usage = end.usage;
    outcome.generatedText = end.generatedText;
    outcome.error = end.error;
  } catch (err) {
    if (res.headersSent) {
      // Our own failure with the answer under way: nothing more to tell the client; the
      // log says what happened and billing charges only what was delivered.
      outcome.error = err;
      if (outcome.status === 200) outcome.status = 500;
      throw err;
    }
    outcome.link = linkOf(err) ?? outcome.link;
    const clientError = err instanceof UpstreamError && err.kind === "aborted"
      ? new AppError("invalid_request", "The client closed the request.")
      : toClientError(err, outcome.link.model.provider);
    outcome.status = err instanceof UpstreamError && err.kind === "aborted" ? 499 : clientError.status;
    outcome.error = err;
    throw clientError;
  } finally {
    // Exactly once, however the request ended: the reservation is always settled.
    res.after(() => finalizeChat(outcome));
  }
}

function textOf(message: { content: string | null; tool_calls?: Array<{ function: { name: string; arguments: string } }> }): string {
  let t = message.content ?? "";
  for (const tc of message.tool_calls ?? []) t += tc.function.arguments;
  return t;
}

/**
 * The hold does not cover `worst` (sized on the prompt's byte bound): grow it; when the
 * balance cannot cover that, size the worst case on the exact token count before answering 402.
 */
async function reserveGrowing(call: ChatCall, paid: ChainLink[], prompt: PromptSize, worst: bigint): Promise<Reservation> {
  try {
    return await reserveCredits(call.key.userId, worst);
  } catch (err) {
    if (!isAppError(err) || err.code !== "insufficient_credits") throw err;
    return reserveCredits(call.key.userId, reservationFor(paid, prompt.exact(), call.parsed.canonical));
  }
}
