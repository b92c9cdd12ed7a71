// What every client-facing format parser produces: the canonical request minus the model
// (the router picks the model and its provider name per attempt) plus the few facts the
// pipeline needs that are not part of the canonical shape.
import type { CanonicalRequest } from "@/lib/providers/types";

export const OPTIMIZATION_GOALS = ["balanced", "latency", "cost", "reliability"] as const;
export type OptimizationGoal = (typeof OPTIMIZATION_GOALS)[number];

/** Mesh strategies (SPEC §2): how the chain is ordered; the chain is always tried in order. */
export const ROUTING_STRATEGIES = ["failover", "latency", "cost", "round-robin"] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];
export type RoutingOptions = { strategy?: RoutingStrategy; fallback?: string[] };

export type ParsedChatRequest = {
  /** Requested model first, then the fallbacks, deduplicated. Never empty. */
  models: string[];
  canonical: Omit<CanonicalRequest, "model">;
  /** Whether the client wants a final usage chunk (OpenAI `stream_options.include_usage`). */
  includeUsage: boolean;
  optimizationGoal?: OptimizationGoal;
  /** `switchyard.routing` (validated): applied by lib/gateway/chat/mesh-chain.ts. */
  routing?: RoutingOptions;
  user?: string;
};

/** A 400 the client must fix. `param` names the offending field (`messages[0].content`). */
export type FormatError = { message: string; param: string | null; code: string | null };

export type ParseResult = { ok: true; value: ParsedChatRequest } | { ok: false; error: FormatError };
