// "Export my data": one JSON document (profile, keys without secrets, ledger, routing
// policies, playground history, replay runs, request logs),
// streamed in batches so a million logs never sit in memory at once.
import { db } from "@/lib/db";
import { listPolicies } from "@/lib/policies/store";
import { toPolicyObject } from "@/lib/policies/view";
import { toJsonText } from "@/lib/json-text";
import { exportPlaygroundRuns } from "@/lib/sql/playground-runs";
import { exportReplayRuns } from "@/lib/sql/replays";
import { requestLogsForExport } from "@/lib/sql/request-logs";

const BATCH = 2000;
const json = toJsonText;

export function exportUserData(userId: string): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let stage: "head" | "logs" | "done" = "head";
  let after: { at: string; id: string } | null = null;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === "head") {
        const [user, keys, ledger, policies, playground, replays] = await Promise.all([
          db().user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true, createdAt: true, zeroRetention: true, balance: true } }),
          db().apiKey.findMany({ where: { userId }, select: { id: true, name: true, prefix: true, suffix: true, createdAt: true, lastUsedAt: true, revokedAt: true } }),
          db().ledgerEntry.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, amount: true, balanceAfter: true, sourceId: true, description: true, createdAt: true } }),
          listPolicies(userId).then((ps) => ps.map(toPolicyObject)), // at most 100
          exportPlaygroundRuns(userId), // at most 50 runs
          exportReplayRuns(userId), // replay lab runs with their items (prompts and answers)
        ]);
        controller.enqueue(enc.encode(`{"exported_at":${json(new Date())},"unit_scale":"1e-12 USD","user":${json(user)},"api_keys":${json(keys)},"ledger":${json(ledger)},"routing_policies":${json(policies)},"playground_runs":${json(playground)},"replay_runs":${json(replays)},"request_logs":[`));
        stage = "logs";
        return;
      }
      if (stage === "done") return;
      const rows = await requestLogsForExport(userId, BATCH, after);
      const text = rows.map((r) => (first ? ((first = false), json(r.row)) : "," + json(r.row))).join("");
      if (text) controller.enqueue(enc.encode(text));
      const last = rows[rows.length - 1];
      if (last) after = { at: last.at, id: last.id };
      if (rows.length < BATCH) {
        controller.enqueue(enc.encode("]}\n"));
        stage = "done";
        controller.close();
      }
    },
  });
}
