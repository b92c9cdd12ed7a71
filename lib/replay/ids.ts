// Deterministic ids. An item's calls are logged under request ids derived from the item's id,
// and a request log's id is the source of its ledger charge (lib/sql/charges.ts: a log row
// written twice is charged once). So an item run again after a crash or a lost lease finds
// its earlier calls (lib/replay/run-item.ts) and can never charge the account twice.
import { createId } from "@/lib/ids";

export const newReplayRunId = (): string => createId("rpl");

export const replayItemId = (runId: string, position: number): string => `${runId}_${position}`;

/** The candidate's call for an item. */
export const candidateRequestId = (itemId: string): string => `req_${itemId}_c`;

/** The judge's call for an item (`attempt`: the retry after an invalid verdict has its own). */
export const judgeRequestId = (itemId: string, attempt: number): string => `req_${itemId}_j${attempt}`;
