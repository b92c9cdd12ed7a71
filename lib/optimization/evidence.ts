// The quality evidence of a recommendation: the newest replay of its candidate on the use
// case's traffic (a run whose filters — key, endpoint, model — are the use case's or wider),
// with the replay report's judged scores (lib/replay/report.ts); a run still going shows its
// progress; otherwise "not yet tested".
import { runReport } from "@/lib/replay/report";
import { replayItemsOf, type ReplayRunRow } from "@/lib/sql/replays";
import type { Evidence } from "./types";
import type { UseCaseData } from "./use-cases";

type Filters = { keyId?: unknown; endpoint?: unknown; model?: unknown };

function fits(filter: unknown, value: string): boolean {
  return filter === undefined || filter === null || filter === value;
}

/** Whether a run sampled (a superset of) the use case's traffic on this candidate. */
export function runMatches(run: Pick<ReplayRunRow, "candidate" | "filters" | "status">, uc: UseCaseData, candidate: string): boolean {
  if (run.candidate !== candidate || run.status === "failed" || run.status === "cancelled") return false;
  const f = (typeof run.filters === "object" && run.filters !== null ? run.filters : {}) as Filters;
  return fits(f.keyId, uc.apiKeyId) && fits(f.endpoint, uc.endpoint) && fits(f.model, uc.currentModel);
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
