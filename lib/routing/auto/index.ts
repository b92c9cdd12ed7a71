// `model: "auto"` (SPEC §5): classify the request (classify.ts), take the models this
// deployment can serve and the key may use, able to take the request (candidates.ts), and rank
// them by the optimization goal from measured figures (rank.ts): recent in-process outcomes
// (lib/routing/model-stats.ts) and the rollups' baseline across all accounts (rollup-figures.ts,
// refreshed in the background). Synchronous and without I/O: nothing here waits for anything.
//
//   autoRoute(input: AutoRouteInput): AutoRoute
//     input.request        the canonical request without its model (ParsedChatRequest.canonical);
//                          messages, tools, tool_choice, response_format, max_tokens are read
//     input.goal           ParsedChatRequest.optimizationGoal; default "balanced"
//     input.allowedModels  the key's allowed_models ([] = every model)
//     input.byok           the account's own provider keys (byokKeysFor(userId)), or null
//     input.accountId      the account (breakers of BYOK models are per account)
//     input.constraints    a routing policy's limits (constraints.ts; lib/policies): max expected
//                          cost, max measured latency, chain length, and its name for reasons
//   → AutoRoute
//     chain         up to 3 model ids, best first: resolve them as the requested models
//                   (resolveChain(chain, allowedModels, byok, accountId)) so failover works
//     reason        one line for the `route` event, e.g. "code → sim/claude: best balance:
//                   success 100%, p50 120 ms, $1/$5 per M tokens among 4 candidates (goal balanced)"
//     header        the `x-switchyard-route` value (ASCII): "sim/claude; reason=code: …"
//     requestClass  classifyRequest(request) — the class stored on the log row
//     goal, candidates (how many models were ranked)
//   Throws AppError service_unavailable (503, param "model") when no model here can take it
//   (or, with constraints, when a limit excluded every one: the message names the limit).
import { AppError } from "@/lib/errors";
import type { ByokKeys } from "@/lib/byok/key-cache";
import type { OptimizationGoal } from "@/lib/gateway/formats/types";
import { breakerState } from "@/lib/routing/breaker";
import { modelStats } from "@/lib/routing/model-stats";
import { classifyRequest, type RequestClass } from "./classify";
import { capableModels, describeNeeds, eligibleModels, needsOf, type AutoRequest, type Candidate } from "./candidates";
import { rankCandidates, whyChosen } from "./rank";
import { rollupFigures } from "./rollup-figures";
import { withinConstraints, type RouteConstraints } from "./constraints";

export { classifyRequest, REQUEST_CLASSES, type RequestClass } from "./classify";
export type { RouteConstraints } from "./constraints";

export type AutoRouteInput = {
  request: AutoRequest;
  goal?: OptimizationGoal | undefined;
  allowedModels: readonly string[];
  byok: ByokKeys | null;
  accountId: string;
  /** A routing policy's limits; absent for plain `auto`. */
  constraints?: RouteConstraints | undefined;
  /** Test hook: the clock for the breakers and the recent figures. */
  now?: number;
};

export type AutoRoute = {
  chain: string[];
  reason: string;
  header: string;
  requestClass: RequestClass;
  goal: OptimizationGoal;
  candidates: number;
};

/** The chain length: the pick and two fallbacks, so failover still works. */
const CHAIN_LENGTH = 3;

/** Whether a requested model name asks for auto routing. */
export function isAutoModel(name: string): boolean {
  return name.length >= 4 && name.length <= 8 && name.trim().toLowerCase() === "auto";
}

function breakerOpen(c: Candidate, accountId: string, now: number): boolean {
  const ref = { breakerKey: `${c.entry.provider}:${c.entry.id}`, breakerAccount: c.byok ? accountId : undefined };
  return breakerState(ref, now) === "open";
}

/** Printable ASCII only (a header value). */
function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?");
}

export function autoRoute(input: AutoRouteInput): AutoRoute {
  const goal = input.goal ?? "balanced";
  const limits = input.constraints;
  const label = limits?.label ?? "auto";
  const requestClass = classifyRequest(input.request);
  const eligible = eligibleModels({ allowedModels: input.allowedModels, byok: input.byok });
  if (eligible.length === 0) {
    throw new AppError("service_unavailable", `model '${label}' has no model to choose from: none of the models this ` +
      `${limits ? "policy and " : ""}API key may use is available on this deployment.`, "model");
  }
  const needs = needsOf(input.request);
  let capable = capableModels(eligible, needs);
  if (capable.length === 0) {
    throw new AppError("service_unavailable",
      `model '${label}' found no model available here for this request (it needs ${describeNeeds(needs)}).`, "model");
  }
  const now = input.now ?? Date.now();
  if (limits) {
    const { kept, excluded } = withinConstraints(capable, needs, limits,
      (c) => ({ recent: modelStats(c.entry.id, now), rollup: rollupFigures(c.entry.id) }));
    if (excluded) throw new AppError("service_unavailable", `model '${label}': ${excluded.detail}.`, "model");
    capable = kept;
  }
  // An open breaker would be skipped anyway: rank the others, unless every one is open.
  const closed = capable.filter((c) => !breakerOpen(c, input.accountId, now));
  const usable = closed.length > 0 ? closed : capable;
  const ranked = rankCandidates(
    usable.map((c) => ({ entry: c.entry, price: c.price, figures: { recent: modelStats(c.entry.id, now), rollup: rollupFigures(c.entry.id) } })),
    // ~4 bytes per token: the estimate only weighs input against output prices.
    { goal, requestClass, promptTokens: Math.ceil(needs.promptBound / 4), maxTokens: needs.maxTokens },
  );
  const top = ranked[0]!;
  const why = `${whyChosen(top, goal)} among ${ranked.length} candidates (goal ${goal})`;
  const by = limits ? `${limits.label} ` : "";
  return {
    chain: ranked.slice(0, limits?.chainLength ?? CHAIN_LENGTH).map((r) => r.entry.id),
    reason: `${by}${requestClass} → ${top.entry.id}: ${why}`,
    header: ascii(`${top.entry.id}; reason=${by}${requestClass}: ${why}`),
    requestClass,
    goal,
    candidates: ranked.length,
  };
}
