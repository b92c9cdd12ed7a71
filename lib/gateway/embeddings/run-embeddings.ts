// POST /embeddings: the same steps as a chat request (run-chat.ts) without the streaming —
// resolve the chain (BYOK, allowed models) → embedding models only → per-input limits and
// the rate limit → reserve the worst case (the counted input at the dearest model's input
// price, with the markup) → attempts with breakers and failover (attempts.ts) → answer →
// after the response: settle on the provider's usage (or our count) and log (finalize-embeddings.ts).
import { performance } from "node:perf_hooks";
import { AppError, isAppError } from "@/lib/errors";
import { reserve as reserveHolds, tryReserve, type BudgetedKey, type Reservation } from "@/lib/billing/settlement/reserve";
import { chargeBacklog } from "@/lib/billing/settlement/charge-writer";
import { withMarkup } from "@/lib/billing/settlement/markup";
import { byokKeysFor } from "@/lib/byok/store";
import { estimateTokensUpperBound, worstCaseCost } from "@/lib/catalog";
import { takeRateLimit } from "@/lib/limits/rate-limiter";
import { takeSharedLimits, useSharedLimits } from "@/lib/limits/shared-limits";
import { UpstreamError, type EmbeddingResponse } from "@/lib/providers/types";
import type { AttemptLog } from "@/lib/observability/request-log";
import type { ParsedEmbeddingsRequest } from "@/lib/gateway/formats/embeddings/parse";
import { embeddingsLogBody, toEmbeddingsList } from "@/lib/gateway/formats/embeddings/response";
import { sendJson } from "@/lib/gateway/http/respond";
import { ATTEMPT_TIMEOUTS, linkOf, tryChain } from "@/lib/gateway/chat/attempts";
import { requireKind } from "@/lib/gateway/chat/require-kind";
import { resolveChain, type ChainLink } from "@/lib/gateway/chat/resolve-chain";
import { toClientError } from "@/lib/gateway/chat/upstream-errors";
import { finalizeEmbeddings } from "@/lib/gateway/embeddings/finalize-embeddings";
import { InputSize } from "@/lib/gateway/embeddings/input-size";
import type { EmbeddingsCall, EmbeddingsOutcome } from "@/lib/gateway/embeddings/embeddings-outcome";

export type { EmbeddingsCall };

function checkInputs(links: ChainLink[], parsed: ParsedEmbeddingsRequest, size: InputSize): void {
  for (const link of links) {
    // Token ids are a tokenizer's own numbers: only OpenAI-format upstreams take them.
    if (!link.adapter.embed || (parsed.tokens && link.model.wireFormat !== "openai")) {
      throw new AppError("invalid_request", parsed.tokens
        ? `The model '${link.model.id}' takes text input, not token ids.`
        : `The model '${link.model.id}' is not served with an embeddings API here.`, "input");
    }
  }
  const m = links[0]!.model;
  const over = size.firstOver(m.contextWindow);
  if (over) {
    const param = parsed.input.length === 1 ? "input" : `input[${over.index}]`;
    throw new AppError("invalid_request",
      `This input has about ${over.tokens} tokens; the model '${m.id}' accepts at most ${m.contextWindow} tokens per input.`, param);
  }
}

/** The worst charge over the paid links for `tokens` (o200k) input tokens, with the markup. */
function reservationFor(paid: ChainLink[], tokens: number): bigint {
  let worst = 0n;
  for (const link of paid) {
    const cost = worstCaseCost(link.price, estimateTokensUpperBound(tokens, link.model), 0);
    if (cost > worst) worst = cost;
  }
  return withMarkup(worst);
}

/** From the account's hold and the key's budgets (an embedding cannot be capped: all or 402/403). */
async function reserve(key: BudgetedKey, paid: ChainLink[], size: InputSize): Promise<Reservation> {
  const worst = reservationFor(paid, size.bound);
  const inMemory = tryReserve(key, worst);
  if (inMemory) return inMemory;
  try {
    return await reserveHolds(key, worst);
  } catch (err) {
    // The byte bound did not fit: the exact count may.
    if (!isAppError(err) || (err.code !== "insufficient_credits" && err.code !== "budget_exhausted")) throw err;
    return reserveHolds(key, reservationFor(paid, size.exact()));
  }
}

export async function runEmbeddings(call: EmbeddingsCall): Promise<void> {
  const { req, res, key, parsed } = call;
  if (chargeBacklog().full) {
    throw new AppError("service_unavailable", "The gateway is busy and cannot record requests right now. Retry shortly.", null,
      { "retry-after": "5" });
  }
  const links = resolveChain(parsed.models, key.allowedModels, await byokKeysFor(key.userId), key.userId);
  requireKind(links, "embedding", parsed.models);
  const size = new InputSize(parsed.input);
  checkInputs(links, parsed, size);
  const limitTokens = key.tpmLimit === null ? 0 : size.exact();
  if (useSharedLimits(key)) await takeSharedLimits(key, res, { slot: false, request: true, tokens: limitTokens });
  else takeRateLimit(key.keyId, { rpm: key.rpmLimit, tpm: key.tpmLimit }, limitTokens);
  const reservation = await reserve(key, links.filter((l) => !l.byok), size);

  const attempts: AttemptLog[] = [];
  const outcome: EmbeddingsOutcome = {
    call, reservation, size, attempts, link: links[0]!, status: 200, providerTokens: null, error: null, responseBody: null,
  };
  try {
    const { link, value } = await tryChain(links, { signal: req.signal, attempts }, async (l, started) => {
      const result: EmbeddingResponse = await l.adapter.embed!(
        { model: l.model.upstreamModel, input: parsed.input, ...(parsed.dimensions ? { dimensions: parsed.dimensions } : {}),
          ...(parsed.user ? { user: parsed.user } : {}) },
        { target: l.target, signal: req.signal, timeouts: ATTEMPT_TIMEOUTS });
      attempts.push({ model: l.model.id, provider: l.model.provider, status: 200, latencyMs: Math.round(performance.now() - started) });
      return result;
    });
    outcome.link = link;
    outcome.providerTokens = value.usage?.prompt_tokens ?? null;
    const list = toEmbeddingsList(value, link.model.id, outcome.providerTokens ?? size.exact(), parsed.encoding);
    outcome.responseBody = embeddingsLogBody(list, value.vectors[0]?.length ?? 0);
    res.setHeader("x-switchyard-model", link.model.id);
    res.setHeader("x-switchyard-provider", link.model.provider);
    sendJson(res, 200, list);
  } catch (err) {
    outcome.link = linkOf(err) ?? outcome.link;
    const aborted = err instanceof UpstreamError && err.kind === "aborted";
    const clientError = aborted ? new AppError("invalid_request", "The client closed the request.") : toClientError(err, outcome.link.model.provider);
    outcome.status = aborted ? 499 : clientError.status;
    outcome.error = err;
    throw clientError;
  } finally {
    // Exactly once, however the request ended: the reservation is always settled.
    res.after(() => finalizeEmbeddings(outcome));
  }
}
