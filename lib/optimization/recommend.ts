// Recommendations from the account's own logs (issue #22.6; docs/optimization.md): use cases
// (key × endpoint × request class, use-cases.ts) with at least MIN_GROUP_REQUESTS answered calls
// in the window get a cheaper and/or a faster candidate (candidate-search.ts) with the expected
// monthly savings (savings.ts) and the quality evidence of the newest matching replay
// (evidence.ts); smaller ones say how much data is still needed.
import { byokKeysFor } from "@/lib/byok/store";
import type { ByokKeys } from "@/lib/byok/key-cache";
import { markupBps } from "@/lib/billing/settlement/markup";
import { modelStats } from "@/lib/routing/model-stats";
import { rollupFigures, type RollupFigures } from "@/lib/routing/auto/rollup-figures";
import { accountModelFigures, groupKeys, usageGroupRows } from "@/lib/sql/optimization";
import { listReplayRuns, type ReplayRunRow } from "@/lib/sql/replays";
import { findCandidates, type FiguresOf } from "./candidate-search";
import { evidenceFor } from "./evidence";
import { policyNames } from "./policy-name";
import { DEFAULT_WINDOW_DAYS, MIN_GROUP_REQUESTS, type OptimizationReport, type Recommendation, type UseCase } from "./types";
import { foldUseCases, type UseCaseData } from "./use-cases";

export type BuildInput = {
  useCases: readonly UseCaseData[];
  byok: ByokKeys | null;
  figuresOf: FiguresOf;
  markupBps: number;
  /** The account's replay runs, newest first. */
  runs: readonly ReplayRunRow[];
  windowDays: number;
  minRequests?: number;
};

/** The page's view of a use case (without the recommender's working data). */
function publicUseCase(u: UseCaseData): UseCase {
  const { shares: _s, allowedModels: _a, maxInputTokens: _m, loggedMeanMs: _l, ...view } = u;
  return view;
}

export async function buildReport(input: BuildInput): Promise<OptimizationReport> {
  const minRequests = input.minRequests ?? MIN_GROUP_REQUESTS;
  const names = policyNames(input.useCases);
  const pendingRecs: Array<Promise<Recommendation>> = [];
  const optimal: UseCase[] = [];
  const pending: OptimizationReport["pending"] = [];
  for (const uc of input.useCases) {
    if (uc.requests < minRequests) {
      pending.push({ useCase: publicUseCase(uc), needed: minRequests });
      continue;
    }
    const found = findCandidates(uc, input.byok, input.figuresOf, input.markupBps);
    if (found.length === 0) optimal.push(publicUseCase(uc));
    for (const f of found) {
      // The evidence reads of all recommendations run together (no waterfall).
      pendingRecs.push(evidenceFor(input.runs, uc, f.entry.id).then((evidence) => ({
        id: `${uc.id}|${f.kind}|${f.entry.id}`, useCase: publicUseCase(uc), kind: f.kind, candidate: f.entry.id,
        candidateName: f.entry.displayName, savings: f.savings, latency: f.latency, evidence, policyName: names.get(uc.id)!,
      })));
    }
  }
  const recommendations = await Promise.all(pendingRecs);
  // The most data first: a use case closest to the threshold is listed first.
  pending.sort((a, b) => b.useCase.requests - a.useCase.requests);
  return { windowDays: input.windowDays, minRequests, recommendations, optimal, pending };
}

function accountFigures(rows: Awaited<ReturnType<typeof accountModelFigures>>): Map<string, RollupFigures> {
  return new Map(rows.map((r) => [r.model, {
    okRequests: r.okRequests, upstreamErrors: r.upstreamErrors,
    meanLatencyMs: r.okRequests > 0 ? r.okLatencySumMs / r.okRequests : null,
  }]));
}

export type RecommendOptions = { days?: number; now?: Date; minRequests?: number };

/** The account's recommendations over the last `days` days (30 by default). */
export async function recommendationsFor(userId: string, o: RecommendOptions = {}): Promise<OptimizationReport> {
  const windowDays = o.days ?? DEFAULT_WINDOW_DAYS;
  const now = o.now ?? new Date();
  const [rows, figures, byok, runs] = await Promise.all([
    usageGroupRows(userId, windowDays), accountModelFigures(userId, windowDays), byokKeysFor(userId), listReplayRuns(userId),
  ]);
  const keys = await groupKeys(userId, [...new Set(rows.map((r) => r.apiKeyId).filter((id) => id !== ""))]);
  const own = accountFigures(figures);
  const t = now.getTime();
  // The account's own days first; a model it never used: the deployment's last hours (auto's baseline).
  const figuresOf: FiguresOf = (id) => ({ recent: modelStats(id, t), rollup: own.get(id) ?? rollupFigures(id) });
  const built = { useCases: foldUseCases(rows, keys, now, windowDays), byok, figuresOf, markupBps: markupBps(), runs, windowDays };
  return buildReport(o.minRequests === undefined ? built : { ...built, minRequests: o.minRequests });
}
