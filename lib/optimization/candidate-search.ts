// Which models could take over a use case: the models `auto` would consider for it (the key's
// allowed models this deployment — or the account's own provider keys — can serve, able to
// take the class: lib/routing/auto/candidates.ts), ranked by auto's own ranker
// (lib/routing/auto/rank.ts) once with goal "cost" and once with goal "latency". The first
// model that is really cheaper on the group's logged tokens (savings.ts), or clearly faster
// on measured figures, and reliable enough, is the recommendation.
import type { ByokKeys } from "@/lib/byok/key-cache";
import type { CatalogEntry } from "@/lib/catalog";
import { capableModels, eligibleModels, type Needs } from "@/lib/routing/auto/candidates";
import { REQUEST_CLASSES, type RequestClass } from "@/lib/routing/auto/classify";
import { measuredLatency, rankCandidates, type Figures, type Ranked } from "@/lib/routing/auto/rank";
import { groupSavings, type Savings } from "./savings";
import type { RecommendationKind } from "./types";
import type { UseCaseData } from "./use-cases";

/** A cheaper model must save at least this share of the group's cost (percent). */
export const MIN_SAVINGS_PERCENT = 5n;
/** A faster model must be at least this much faster (relative, and in ms). */
export const MIN_SPEEDUP = 0.2;
export const MIN_SPEEDUP_MS = 25;
/** Below this estimated success rate a model is not worth recommending. */
export const MIN_SUCCESS_RATE = 0.95;

export type FiguresOf = (modelId: string) => Figures;

export type Found = {
  kind: RecommendationKind;
  entry: CatalogEntry;
  savings: Savings;
  latency: { currentMs: number | null; candidateMs: number | null; changeMs: number | null };
};

function classOf(c: string): RequestClass {
  return (REQUEST_CLASSES as readonly string[]).includes(c) ? (c as RequestClass) : "general";
}

/** What every request of the class needs of a model; the context window fits the group's largest prompt. */
export function needsOfUseCase(uc: Pick<UseCaseData, "requestClass" | "maxInputTokens">): Needs {
  return {
    vision: uc.requestClass === "vision", tools: uc.requestClass === "tools", json: false, maxTokens: undefined,
    promptBound: uc.maxInputTokens, promptExact: () => uc.maxInputTokens,
  };
}

function latencyOf(current: number | null, candidate: number | null): Found["latency"] {
  return {
    currentMs: current === null ? null : Math.round(current),
    candidateMs: candidate === null ? null : Math.round(candidate),
    changeMs: current === null || candidate === null ? null : Math.round(candidate - current),
  };
}

function isFaster(current: number | null, candidate: number | null): boolean {
  return current !== null && candidate !== null && candidate <= current * (1 - MIN_SPEEDUP) && current - candidate >= MIN_SPEEDUP_MS;
}

export function findCandidates(uc: UseCaseData, byok: ByokKeys | null, figuresOf: FiguresOf, markupBps: number): Found[] {
  const capable = capableModels(eligibleModels({ allowedModels: uc.allowedModels, byok }), needsOfUseCase(uc))
    .filter((c) => c.entry.id !== uc.currentModel);
  if (capable.length === 0) return [];
  const inputs = capable.map((c) => ({ entry: c.entry, price: c.price, figures: figuresOf(c.entry.id) }));
  const ctx = {
    requestClass: classOf(uc.requestClass),
    promptTokens: Math.round(uc.inputTokens / uc.requests),
    maxTokens: Math.max(1, Math.round(uc.outputTokens / uc.requests)),
  };
  const priceById = new Map(capable.map((c) => [c.entry.id, c.price]));
  const currentMs = measuredLatency(figuresOf(uc.currentModel)) ?? uc.loggedMeanMs;
  const reliable = (r: Ranked) => !r.measured || r.successRate >= MIN_SUCCESS_RATE;
  const savingsOf = (r: Ranked) => groupSavings(uc.shares, priceById.get(r.entry.id)!, markupBps, uc.spanDays);

  const found: Found[] = [];
  for (const r of rankCandidates(inputs, { ...ctx, goal: "cost" })) {
    if (!reliable(r)) continue;
    const s = savingsOf(r);
    if (s.savingsUnits > 0n && s.savingsUnits * 100n >= s.currentUnits * MIN_SAVINGS_PERCENT) {
      found.push({ kind: "cheaper", entry: r.entry, savings: s, latency: latencyOf(currentMs, r.latencyMs) });
      break;
    }
  }
  for (const r of rankCandidates(inputs, { ...ctx, goal: "latency" })) {
    if (!reliable(r) || !isFaster(currentMs, r.latencyMs)) continue;
    // The cheaper pick is also the fastest: one recommendation says both.
    if (found[0]?.entry.id !== r.entry.id) {
      found.push({ kind: "faster", entry: r.entry, savings: savingsOf(r), latency: latencyOf(currentMs, r.latencyMs) });
    }
    break;
  }
  return found;
}
