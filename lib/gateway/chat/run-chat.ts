// The chat pipeline shared by /chat/completions and /messages:
// resolve chain → limits → reserve worst case → attempts with failover → write (streamed
// chunk by chunk, never buffered) → after the response: billing settles the charge and
// writes it with the request log (finalize.ts).
import { performance } from "node:perf_hooks";
import { AppError, isAppError } from "@/lib/errors";
import { reserve, tryReserve, type BudgetedKey, type Reservation } from "@/lib/billing/settlement/reserve";
import { chargeBacklog } from "@/lib/billing/settlement/charge-writer";
import { byokKeysFor } from "@/lib/byok/store";
import { accountPolicies } from "@/lib/policies/lookup";
import { needsPolicies, testModeModels } from "@/lib/policies/resolve";
import type { AccountPolicies } from "@/lib/policies/types";
import type { ByokKeys } from "@/lib/byok/key-cache";
import { setRateLimitHeaders, takeConcurrencySlot, takeRateLimit, takeTokenLimit, tokensToReserve } from "@/lib/limits/rate-limiter";
import { takeSharedLimits, useSharedLimits } from "@/lib/limits/shared-limits";
import { simulatedChain } from "@/lib/gateway/test-mode";
import { UpstreamError } from "@/lib/providers/types";
import type { ParsedChatRequest } from "@/lib/gateway/formats/types";
import { resolveRequestChain, type ChainLink } from "@/lib/gateway/chat/resolve-chain";
import { completeWithFailover, linkOf, streamWithFailover, type AttemptContext } from "@/lib/gateway/chat/attempts";
import { PromptSize, minimalReservationFor, outputCapFor, reservationFor } from "@/lib/gateway/chat/estimate";
import { finalUsage, type ChainPlan, type ChatCall, type ChatOutcome } from "@/lib/gateway/chat/chat-outcome";
import { finalizeChat } from "@/lib/gateway/chat/finalize";
import { toClientError } from "@/lib/gateway/chat/upstream-errors";
import { pipeStream } from "@/lib/gateway/chat/pipe-stream";
import { requireKind } from "@/lib/gateway/chat/require-kind";
import { meshChain, sentModelsField } from "@/lib/gateway/chat/mesh-chain";

export type { ChatCall };
export type { ChainPlan, PreparedChat, SettledChat } from "@/lib/gateway/chat/chat-outcome";

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

/** Before reserving: when too many charges wait to be written (the database is unreachable),
 *  refuse new work rather than ever drop a charge. BYOK requests too: their logs would grow
 *  the same queue. */
export function refuseWhenBacklogged(): void {
  if (chargeBacklog().full) {
    throw new AppError("service_unavailable", "The gateway is busy and cannot record requests right now. Retry shortly.", null,
      { "retry-after": "5" });
  }
}

/** Tokens the request counts against the key's TPM limit up front (0 without one). */
export function limitTokensOf(key: ChatCall["key"], plan: Pick<ChainPlan, "prompt">, parsed: ParsedChatRequest): number {
  return key.tpmLimit === null ? 0 : tokensToReserve(plan.prompt.exact(), parsed.canonical.max_tokens);
}

/**
 * Resolves and admits a chain: model kind, max_tokens and context window, the key's rate
 * limits — one request and its tokens, or (`countRequest` false: an orchestration sub-call,
 * whose client call was counted once) its tokens only — and the worst case to reserve.
 * `takeLimits` false: the caller takes them through Redis (lib/limits/shared-limits.ts).
 * `policies`: the account's routing policies, when needsPolicies(key, models) (lib/policies).
 */
export function planChat(
  key: ChatCall["key"], parsed: ParsedChatRequest, models: string[], byok: ByokKeys | null, countRequest: boolean,
  takeLimits = true, policies: AccountPolicies | null = null,
): ChainPlan {
  // `model: "auto"` is expanded here into its picks (lib/routing/auto); `route` says why.
  // Test keys: every model is answered by the simulator (lib/gateway/test-mode.ts).
  const { links, route } = key.mode === "test"
    ? { links: simulatedChain(policies ? testModeModels(models, policies) : models, key.allowedModels), route: null }
    : resolveRequestChain(models, parsed, key, byok, policies);
  requireKind(links, "chat", models);
  const prompt = new PromptSize(parsed.canonical);
  checkLimits(links[0]!, prompt, parsed);
  // Only a tokens-per-minute limit needs the exact count here (prompt + max_tokens or a small
  // estimate, corrected to the actual tokens at settlement: finalize.ts settleTokens).
  if (takeLimits) {
    const limitTokens = limitTokensOf(key, { prompt }, parsed);
    if (countRequest) takeRateLimit(key.keyId, { rpm: key.rpmLimit, tpm: key.tpmLimit }, limitTokens);
    else takeTokenLimit(key.keyId, key.tpmLimit, limitTokens);
  }
  // Calls on the user's own key cost no credits: only platform-key links are reserved for.
  const paid = links.filter((l) => !l.byok);
  return { links, prompt, paid, worst: reservationFor(paid, prompt.bound, parsed.canonical), route };
}

export async function runChat(call: ChatCall): Promise<void> {
  const { req, res, key, parsed, sink } = call;
  let plan: ChainPlan;
  let reservation: Reservation;
  if (call.prepared === undefined) {
    refuseWhenBacklogged();
    // With REDIS_URL, a limited key's slot, request and tokens are taken below in one round trip.
    const shared = useSharedLimits(key);
    if (!shared) takeConcurrencySlot(key, res); // 429 while the key has its limit in flight; freed after the response
    // `switchyard.routing`: Mesh fallbacks and ordering (mesh-chain.ts); absent for most requests.
    const models = parsed.routing === undefined ? parsed.models
      : meshChain(parsed.models, parsed.routing, sentModelsField(call.body), key.keyId, "switchyard.routing").models;
    // BYOK: the account's own provider keys (short-TTL cache; null for most accounts).
    // Policies: only for `policy/<name>`, or `auto` on a key with a default policy (short-TTL cache).
    plan = planChat(key, parsed, models, await byokKeysFor(key.userId), true, !shared,
      needsPolicies(key, models) ? await accountPolicies(key.userId) : null);
    if (shared) await takeSharedLimits(key, res, { slot: true, request: true, tokens: limitTokensOf(key, plan, parsed) });
    else setRateLimitHeaders(key, res); // x-ratelimit-* on an admitted request too
    if (plan.route) res.setHeader("x-switchyard-route", plan.route.header);
    // Usually in memory (this process's hold covers it): no await, no round trip.
    reservation = tryReserve(key, plan.worst) ?? (await reserveGrowing(key, plan, parsed.canonical));
  } else {
    ({ plan, reservation } = call.prepared);
  }
  const { links, prompt } = plan;
  const canonical = parsed.canonical;
  // The balance or the key's budget covers less than the worst case: ask for no more output
  // than the reservation covers; the answer ends with finish_reason "length" if it gets there.
  let request = canonical;
  if (reservation.capped !== null) {
    // Not `{ ...canonical, max_tokens }`: V8's slow path when it lacks one (eslint.config.mjs).
    request = Object.assign({}, canonical, { max_tokens: Math.max(1, outputCapFor(plan.paid, prompt.exact(), reservation.amount)) });
    res.setHeader("x-switchyard-output-capped", reservation.capped);
  }

  const ctx: AttemptContext = { request, signal: req.signal, attempts: [] };
  const outcome: ChatOutcome = {
    call, reservation, prompt, attempts: ctx.attempts, link: links[0]!, status: 200,
    usage: null, generatedText: "", ttftMs: null, error: null, responseBody: null, sent: null,
  };
  try {
    if (!canonical.stream) {
      const { link, response } = await completeWithFailover(links, ctx);
      outcome.link = link;
      outcome.usage = response.usage ?? null;
      outcome.generatedText = response.usage ? "" : textOf(response.message);
      outcome.responseBody = response;
      res.setHeader("x-switchyard-model", link.model.id);
      res.setHeader("x-switchyard-provider", link.model.provider);
      outcome.sent = sink.complete(response, link.model.id, finalUsage(outcome.usage, outcome.generatedText, prompt));
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
    outcome.streamed = end;
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
 * The holds do not cover `plan.worst` (sized on the prompt's byte bound): load the key's spend,
 * grow the account's hold. When the balance or a budget cannot cover that, size the worst case
 * on the exact token count and take what is left down to a minimal answer (the output is then
 * capped to it: runChat); below that, 402 (balance) or 403 (budget).
 */
export async function reserveGrowing(key: BudgetedKey, plan: ChainPlan, request: ParsedChatRequest["canonical"]): Promise<Reservation> {
  try {
    return await reserve(key, plan.worst);
  } catch (err) {
    if (!isAppError(err) || (err.code !== "insufficient_credits" && err.code !== "budget_exhausted")) throw err;
    const exact = plan.prompt.exact();
    return reserve(key, reservationFor(plan.paid, exact, request), minimalReservationFor(plan.paid, exact, request));
  }
}
