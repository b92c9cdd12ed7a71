// The replay lab (issue #22 points 1–3; docs/replay.md): estimate and run replays of the
// account's logged requests on a candidate model, judged against the original answers.
import { AppError } from "@/lib/errors";
import { cancelReplayRun, findReplayRun, listReplayRuns, replayItemsOf } from "@/lib/sql/replays";
import { runDetail, runSummary } from "./report";
import { abortReplayRun } from "./worker";

export { createReplay, type ReplayCreated } from "./create-run";
export { parseReplayOptions, type ReplayOptions } from "./options";
export { abortReplayRun, startReplayWorker, stopReplayWorker, wakeReplayWorker } from "./worker";

export async function listReplays(userId: string) {
  return (await listReplayRuns(userId)).map(runSummary);
}

function notFound(id: string): AppError {
  return new AppError("not_found", `No replay '${id}' in this account.`);
}

/** Another account's id answers exactly like a missing one. */
export async function getReplay(userId: string, id: string) {
  const run = await findReplayRun(userId, id);
  if (!run) throw notFound(id);
  return runDetail(run, await replayItemsOf(run.id));
}

export async function cancelReplay(userId: string, id: string) {
  const before = await cancelReplayRun(userId, id);
  if (before === null) throw notFound(id);
  abortReplayRun(id);
  const run = await findReplayRun(userId, id);
  if (!run) throw notFound(id);
  return runSummary(run);
}
