// The reservation: the worst case over every model the request may fall back to, so a
// failover can never cost more than was reserved — markup included, as the charge is.
import { costWithin, withMarkup } from "@/lib/billing/settlement/markup";
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

export function maxOutputFor(link: ChainLink, req: Pick<Req, "max_tokens">): number {
  const cap = link.model.maxOutputTokens;
  return req.max_tokens === undefined ? cap : Math.min(req.max_tokens, cap);
}

/** The worst charge over `links` for a prompt of `promptTokens` (o200k) tokens, with the markup. */
export function reservationFor(links: ChainLink[], promptTokens: number, req: Pick<Req, "max_tokens">): bigint {
  let worst = 0n;
  for (const link of links) {
    const tokens = estimateTokensUpperBound(promptTokens, link.model);
    const cost = worstCaseCost(link.price, tokens, maxOutputFor(link, req));
    if (cost > worst) worst = cost;
  }
  return withMarkup(worst);
}

/** A minimal answer (SPEC §4): below what it costs, a request is refused (402/403), not capped. */
export const MIN_OUTPUT_TOKENS = 16;

/** The worst charge of a minimal answer: the prompt and MIN_OUTPUT_TOKENS (or fewer, if asked). */
export function minimalReservationFor(links: ChainLink[], promptTokens: number, req: Pick<Req, "max_tokens">): bigint {
  const max = req.max_tokens === undefined || req.max_tokens > MIN_OUTPUT_TOKENS ? MIN_OUTPUT_TOKENS : req.max_tokens;
  return reservationFor(links, promptTokens, { max_tokens: max });
}

/**
 * The most output tokens `amount` (a capped reservation, markup included) covers on every link
 * for a prompt of `promptTokens` (o200k) tokens: the max_tokens sent upstream, so that no
 * link's worst case exceeds what was reserved.
 */
export function outputCapFor(links: ChainLink[], promptTokens: number, amount: bigint): number {
  const budget = costWithin(amount);
  let cap = Number.MAX_SAFE_INTEGER;
  for (const link of links) {
    const left = budget - worstCaseCost(link.price, estimateTokensUpperBound(promptTokens, link.model), 0);
    const rate = link.price.outputPerToken;
    if (rate === 0n) continue;
    const n = left > 0n ? Number(left / rate) : 0;
    if (n < cap) cap = n;
  }
  return cap;
}
