// The reservation: the worst case over every model the request may fall back to, so a
// failover can never cost more than was reserved.
import { countPromptTokens, estimateTokensUpperBound, worstCaseCost } from "@/lib/catalog";
import type { CanonicalRequest } from "@/lib/providers/types";
import type { ChainLink } from "@/lib/gateway/chat/resolve-chain";

type Req = Omit<CanonicalRequest, "model">;

/** o200k prompt tokens (counted once per request; scaled per model where needed). */
export function estimatePrompt(req: Req): { tokens: number } {
  return { tokens: countPromptTokens(req.messages, req.tools) };
}

export function maxOutputFor(link: ChainLink, req: Req): number {
  const cap = link.model.maxOutputTokens;
  return req.max_tokens === undefined ? cap : Math.min(req.max_tokens, cap);
}

export function reservationFor(links: ChainLink[], prompt: { tokens: number }, req: Req): bigint {
  let worst = 0n;
  for (const link of links) {
    const promptTokens = estimateTokensUpperBound(prompt.tokens, link.model);
    const cost = worstCaseCost(link.price, promptTokens, maxOutputFor(link, req));
    if (cost > worst) worst = cost;
  }
  return worst;
}
