// The quality evidence of a recommendation: the newest replay of its candidate on the use
// case's traffic (a run whose filters — key, endpoint, model — are the use case's or wider, and
// whose request class is the use case's own), with the replay report's judged scores
// (lib/replay/report.ts); a run still going shows its progress; otherwise "not yet tested".
import { runReport } from "@/lib/replay/report";
import { REQUEST_CLASSES } from "@/lib/routing/auto/classify";
import { replayItemsOf, type ReplayRunRow } from "@/lib/sql/replays";
import type { Evidence } from "./types";
import type { UseCaseData } from "./use-cases";

/** A run's filters as stored (lib/replay/options.ts ReplayOptions["filters"]). */
type Filters = { keyId?: unknown; endpoint?: unknown; model?: unknown; requestClass?: unknown };

const CLASSIFIED: ReadonlySet<string> = new Set(REQUEST_CLASSES);

function fits(filter: unknown, value: string): boolean {
  return filter === undefined || filter === null || filter === value;
}

/**
 * The class must be the same, not merely wider: a use case is one class of a key's traffic, and
 * a sample across all classes is mostly other classes (a key's code requests judged on its quick
 * chats say little about code). So a run without a class filter is no evidence for a classified
 * use case. Rows logged before the classifier ("unclassified", request_class NULL) cannot be
 * asked for by class: "Replay 50" samples them without one (actions.ts), and only such a run —
 * never one of another class — is their evidence.
 */
function classFits(filter: unknown, useCaseClass: string): boolean {
  if (CLASSIFIED.has(useCaseClass)) return filter === useCaseClass;
  return filter === undefined || filter === null;
}

/** Whether a run sampled the use case's traffic (or a wider key, endpoint or model) on this candidate. */
export function runMatches(run: Pick<ReplayRunRow, "candidate" | "filters" | "status">, uc: UseCaseData, candidate: string): boolean {
  if (run.candidate !== candidate || run.status === "failed" || run.status === "cancelled") return false;
  const f = (typeof run.filters === "object" && run.filters !== null ? run.filters : {}) as Filters;
  return fits(f.keyId, uc.apiKeyId) && fits(f.endpoint, uc.endpoint) && fits(f.model, uc.currentModel)
    && classFits(f.requestClass, uc.requestClass);
}

/** `runs` newest first (listReplayRuns). */
export async function evidenceFor(runs: readonly ReplayRunRow[], uc: UseCaseData, candidate: string): Promise<Evidence> {
  const run = runs.find((r) => runMatches(r, uc, candidate));
  if (!run) return { kind: "none" };
  if (run.status !== "completed") return { kind: "running", runId: run.id, status: run.status, done: run.done, total: run.total };
  const report = runReport(await replayItemsOf(run.id));
  return {
    kind: "replayed", runId: run.id, finishedAt: run.finishedAt, replayed: report.replayed, judged: report.quality.judged,
    candidateMeanScore: report.quality.candidate_mean_score, originalMeanScore: report.quality.original_mean_score,
    wins: report.quality.wins, ties: report.quality.ties, losses: report.quality.losses, errorRate: report.error_rate.candidate,
  };
}
