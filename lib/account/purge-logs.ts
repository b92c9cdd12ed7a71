// "Purge my logs": removes every request log and the usage rollups built from them, and the
// playground history (it holds prompts too). The credit ledger stays (it is the accounting
// record of what was charged).
import { purgePlaygroundRuns } from "@/lib/sql/playground-runs";
import { purgeReplayRuns } from "@/lib/sql/replays";
import { purgeRequestLogs } from "@/lib/sql/request-logs";

export async function purgeLogs(userId: string): Promise<{ deleted: number }> {
  const [deleted] = await Promise.all([purgeRequestLogs(userId), purgePlaygroundRuns(userId), purgeReplayRuns(userId)]); // replays hold prompts too
  return { deleted };
}
