// A routing policy's limits on what `auto` may pick (lib/policies): models whose expected cost
// for this request exceeds max_cost_per_request, or whose measured latency exceeds
// max_latency_ms, are left out before ranking; the chain is 1 + max_fallbacks long. Neither
// limit caps anything at run time: the output is not capped and the latency is not a timeout.
//
// Expected cost: the request's counted input tokens and its max_tokens (or a typical answer,
// EXPECTED_OUTPUT_TOKENS) at the model's catalog price plus the markup — what the account would
// be charged for such an answer. Latency: the figure the ranking uses (recent p50 in this
// process, else the rollups' mean); a model never measured is kept (nothing says it is slow).
import { computeCost } from "@/lib/catalog";
import { unitsToCredits } from "@/lib/billing/money";
import { withMarkup } from "@/lib/billing/settlement/markup";
import type { Candidate, Needs } from "./candidates";
import { EXPECTED_OUTPUT_TOKENS, measuredLatency, type Figures } from "./rank";

export type RouteConstraints = {
  /** The router's name in reasons and errors: "policy/cheap". */
  label: string;
  /** How many models the chain holds: the pick and its fallbacks (1 = no failover). */
  chainLength: number;
  /** Units (10⁻¹² USD); null = no limit. */
  maxCostUnits: bigint | null;
  /** Milliseconds; null = no limit. */
  maxLatencyMs: number | null;
};

/** The request's expected charge on this model (units), for the max-cost limit. */
export function expectedCostUnits(c: Candidate, needs: Needs): bigint {
  const output = Math.min(needs.maxTokens ?? EXPECTED_OUTPUT_TOKENS, c.entry.maxOutputTokens);
  return withMarkup(computeCost(c.price, { prompt_tokens: needs.promptExact(), completion_tokens: output }));
}

/** Thrown message parts when a limit leaves nothing: which limit, and how close the best came. */
export type Exclusion = { constraint: "max_cost_per_request" | "max_latency_ms"; detail: string };

/**
 * The candidates within the limits; `excluded` says which limit removed the last of them (the
 * cost limit is applied first), null when some are left.
 */
export function withinConstraints(
  capable: readonly Candidate[], needs: Needs, c: RouteConstraints, figures: (c: Candidate) => Figures,
): { kept: Candidate[]; excluded: Exclusion | null } {
  let kept = [...capable];
  if (c.maxCostUnits !== null) {
    const limit = c.maxCostUnits;
    const costs = kept.map((m) => ({ m, cost: expectedCostUnits(m, needs) }));
    kept = costs.filter((x) => x.cost <= limit).map((x) => x.m);
    if (kept.length === 0) {
      const cheapest = costs.reduce((a, b) => (b.cost < a.cost ? b : a));
      return { kept, excluded: { constraint: "max_cost_per_request", detail:
        `max_cost_per_request ${unitsToCredits(limit)} credits excludes every model able to take this request ` +
        `(the cheapest, ${cheapest.m.entry.id}, would cost about ${unitsToCredits(cheapest.cost)} credits)` } };
    }
  }
  if (c.maxLatencyMs !== null) {
    const limit = c.maxLatencyMs;
    const latencies = kept.map((m) => ({ m, ms: measuredLatency(figures(m)) }));
    kept = latencies.filter((x) => x.ms === null || x.ms <= limit).map((x) => x.m);
    if (kept.length === 0) {
      const fastest = latencies.reduce((a, b) => ((b.ms ?? Infinity) < (a.ms ?? Infinity) ? b : a));
      return { kept, excluded: { constraint: "max_latency_ms", detail:
        `max_latency_ms ${limit} excludes every model left (the fastest, ${fastest.m.entry.id}, measures p50 ${Math.round(fastest.ms ?? 0)} ms)` } };
    }
  }
  return { kept, excluded: null };
}
