// The reservation: the worst case over every model the request may fall back to, so a
// failover can never cost more than was reserved — markup included, as the charge is.
import { withMarkup } from "@/lib/billing/settlement/markup";
import { countPromptTokens, estimateTokensUpperBound, promptTokensUpperBound, worstCaseCost } from "@/lib/catalog";
import type { CanonicalRequest } from "@/lib/providers/types";
import type { ChainLink } from "@/lib/gateway/chat/resolve-chain";

type Req = Omit<CanonicalRequest, "model">;

/**
 * A request's prompt size. `bound` (UTF-8 bytes, no tokenizer) is enough for most decisions:
 * it fits the context window, or the credits fit. `exact()` runs the o200k count, once, only
 * when a decision needs it (a huge prompt, a tokens-per-minute limit, a tight balance, a
 * provider that reports no usage, an Anthropic stream's opening event).
 */
export class PromptSize {
  readonly bound: number;
  private counted: number | undefined;
  constructor(private readonly req: Pick<Req, "messages" | "tools">) {
    this.bound = promptTokensUpperBound(req.messages, req.tools);
  }
  exact(): number {
    return (this.counted ??= countPromptTokens(this.req.messages, this.req.tools));
  }
  /** Whether the prompt has fewer than `limit` tokens: on the bound when that settles it, else exact. */
  fitsBelow(limit: number): boolean {
    return this.bound < limit || this.exact() < limit;
  }
}

export function maxOutputFor(link: ChainLink, req: Req): number {
  const cap = link.model.maxOutputTokens;
  return req.max_tokens === undefined ? cap : Math.min(req.max_tokens, cap);
}

/** The worst charge over `links` for a prompt of `promptTokens` (o200k) tokens, with the markup. */
export function reservationFor(links: ChainLink[], promptTokens: number, req: Req): bigint {
  let worst = 0n;
  for (const link of links) {
    const tokens = estimateTokensUpperBound(promptTokens, link.model);
    const cost = worstCaseCost(link.price, tokens, maxOutputFor(link, req));
    if (cost > worst) worst = cost;
  }
  return withMarkup(worst);
}
