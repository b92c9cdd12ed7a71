// Ranks the models able to serve a request by the caller's optimization goal, from measured
// figures: success rate and p50 latency (recent in-process figures, then the rollups' baseline,
// then a prior) and the request's expected price. Pure: figures come in as arguments.
//
// Scores are "lower is better":
//   balanced     (latency + 250 ms)^wl × price^wp / success^8 × class fit — failures weigh
//                most (90 % success costs ×2.3), then latency and price in equal parts
//                (a quick chat leans towards latency);
//   latency      (latency + 50 ms) / success^4, then price;
//   cost         price / success^2, then latency;
//   reliability  the best success rate (to the percent), then the balanced score.
import type { CatalogEntry, PriceSnapshot } from "@/lib/catalog";
import type { OptimizationGoal } from "@/lib/gateway/formats/types";
import type { ModelStats } from "@/lib/routing/model-stats";
import type { RequestClass } from "./classify";
import type { RollupFigures } from "./rollup-figures";

/** Success rate assumed before any measurement, and how many samples that belief is worth. */
const PRIOR_SUCCESS = 0.98;
const PRIOR_WEIGHT = 2;
/** The rollups (hours, all processes) count as at most this many recent samples: the last minutes decide. */
const ROLLUP_WEIGHT = 5;
/** Latency assumed when no candidate has been measured at all. */
const DEFAULT_LATENCY_MS = 1_000;
/** Output tokens assumed for the price when the request sets no max_tokens. */
export const EXPECTED_OUTPUT_TOKENS = 400;

export type Figures = { recent: ModelStats; rollup: RollupFigures | null };

export type RankInput = {
  entry: CatalogEntry;
  price: PriceSnapshot;
  figures: Figures;
};

export type RankContext = {
  goal: OptimizationGoal;
  requestClass: RequestClass;
  /** The prompt's size in tokens (an estimate is fine: it only weighs prices). */
  promptTokens: number;
  maxTokens?: number | undefined;
};

export type Ranked = {
  entry: CatalogEntry;
  /** Estimated success rate (0–1). */
  successRate: number;
  /** Whether any outcome of the model was measured (recent or rollups). */
  measured: boolean;
  /** p50 (recent) or mean (rollups) latency in ms; null = never measured (a prior was used). */
  latencyMs: number | null;
  /** The request's expected price (units; for ranking only, never billed). */
  expectedPrice: number;
  score: number;
};

function successRate(f: Figures): { rate: number; measured: boolean } {
  const n = f.recent.samples;
  const ok = n > 0 ? (f.recent.successRate ?? 0) * n : 0;
  const hN = f.rollup ? f.rollup.okRequests + f.rollup.upstreamErrors : 0;
  const w = hN > 0 ? Math.min(1, ROLLUP_WEIGHT / hN) : 0;
  const hOk = f.rollup ? f.rollup.okRequests : 0;
  const rate = (ok + w * hOk + PRIOR_WEIGHT * PRIOR_SUCCESS) / (n + w * hN + PRIOR_WEIGHT);
  return { rate, measured: n + hN > 0 };
}

/** The latency a model is ranked (and a policy's max_latency_ms judged) on: recent p50, else the rollups' mean. */
export function measuredLatency(f: Figures): number | null {
  return f.recent.p50LatencyMs ?? f.rollup?.meanLatencyMs ?? null;
}

function expectedPrice(c: RankInput, ctx: RankContext): number {
  const out = Math.min(ctx.maxTokens ?? EXPECTED_OUTPUT_TOKENS, c.entry.maxOutputTokens);
  return Number(c.price.inputPerToken) * ctx.promptTokens + Number(c.price.outputPerToken) * out;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >>> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** How well the model's kind fits the request's class (balanced only; < 1 = better). */
function classFit(entry: CatalogEntry, ctx: RankContext): number {
  switch (ctx.requestClass) {
    case "code":
    case "math":
      return entry.capabilities.includes("reasoning") ? 0.8 : 1;
    case "long_context":
      return entry.contextWindow >= 4 * ctx.promptTokens ? 1 : 1.25;
    default:
      return 1;
  }
}

function balancedScore(latency: number, price: number, success: number, fit: number, cls: RequestClass): number {
  const [wl, wp] = cls === "quick_chat" ? [0.7, 0.3] : [0.5, 0.5];
  return ((latency + 250) ** wl * (price + 1) ** wp * fit) / success ** 8;
}

/** The candidates, best first. */
export function rankCandidates(candidates: readonly RankInput[], ctx: RankContext): Ranked[] {
  const rows = candidates.map((c) => {
    const { rate, measured } = successRate(c.figures);
    return { c, rate, measured, latency: measuredLatency(c.figures), price: expectedPrice(c, ctx) };
  });
  // An unmeasured model is assumed as fast as the typical measured one: neither favoured nor shunned.
  const prior = median(rows.flatMap((r) => (r.latency === null ? [] : [r.latency]))) ?? DEFAULT_LATENCY_MS;
  const ranked = rows.map((r) => {
    const latency = r.latency ?? prior;
    const balanced = balancedScore(latency, r.price, r.rate, classFit(r.c.entry, ctx), ctx.requestClass);
    const score = ctx.goal === "latency" ? (latency + 50) / r.rate ** 4
      : ctx.goal === "cost" ? (r.price + 1) / r.rate ** 2
      : balanced;
    return {
      ranked: { entry: r.c.entry, successRate: r.rate, measured: r.measured, latencyMs: r.latency, expectedPrice: r.price, score },
      tie: ctx.goal === "latency" ? r.price : ctx.goal === "cost" ? latency : balanced,
      percent: Math.round(r.rate * 100),
    };
  });
  ranked.sort((a, b) => {
    if (ctx.goal === "reliability" && a.percent !== b.percent) return b.percent - a.percent;
    if (ctx.goal !== "reliability" && a.ranked.score !== b.ranked.score) return a.ranked.score - b.ranked.score;
    if (a.tie !== b.tie) return a.tie - b.tie;
    return a.ranked.entry.id < b.ranked.entry.id ? -1 : 1; // stable across processes
  });
  return ranked.map((r) => r.ranked);
}

function success(r: Ranked): string | null {
  return r.measured ? `success ${Math.round(r.successRate * 100)}%` : null;
}

function p50(r: Ranked): string | null {
  return r.latencyMs === null ? null : `p50 ${Math.round(r.latencyMs)} ms`;
}

function perMillion(e: CatalogEntry): string {
  return e.price ? `$${e.price.input}/$${e.price.output} per M tokens` : "unpriced";
}

/** Why the winner won, in ASCII (it also goes into a response header). */
export function whyChosen(top: Ranked, goal: OptimizationGoal): string {
  const figures = [success(top), p50(top)].filter((x) => x !== null).join(", ") || "not measured yet";
  switch (goal) {
    case "reliability":
      return top.measured ? `best success rate ${Math.round(top.successRate * 100)}%${p50(top) ? ` at ${p50(top)}` : ""}`
        : "best success rate (not measured yet)";
    case "latency":
      return `fastest: ${figures}`;
    case "cost":
      return `cheapest: ${perMillion(top.entry)}${top.measured ? `, ${success(top)}` : ""}`;
    case "balanced":
      return `best balance: ${figures}, ${perMillion(top.entry)}`;
  }
}
