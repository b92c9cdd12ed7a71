// What a draining process does once its responses have closed (api-worker.ts, and the Next
// process's drain hook in next-services.ts): a closed response is not yet a queued charge.
// The handler returns after it (a cut stream first unwinds its upstream call) and the charge
// is queued by its post-response task, on a later turn of the event loop; flushing before
// that lost the charge and log row of every stream that ended during the drain.
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { releaseIdleHolds } from "@/lib/billing/settlement/holds";
import { flushRefusalTallies } from "@/lib/gateway/refusals/refusal-tally";
import { stopInvalidationListener } from "@/lib/invalidation/start";
import { inFlightRequests } from "@/lib/observability/metrics";
import { closeRedis } from "@/lib/redis";

const HANDLER_UNWIND_MS = 2_000;

async function handlersReturned(maxMs: number): Promise<void> {
  const until = Date.now() + maxMs;
  while (inFlightRequests() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}

/** Post-response tasks run on setImmediate after their response (node-door.ts): two turns let them and what they schedule run. */
async function afterPostResponseTasks(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
}

/**
 * After the server has stopped and its responses closed: wait for the handlers, run
 * `beforeFlush` (e.g. stop the replay worker), then write the minute's refusal tallies and the
 * queued charges with their logs, give the credit holds back and close the shared links.
 */
export async function settleBeforeExit(beforeFlush: () => Promise<void> = async () => undefined): Promise<void> {
  await handlersReturned(HANDLER_UNWIND_MS);
  await beforeFlush();
  await afterPostResponseTasks();
  flushRefusalTallies({ all: true });
  await flushCharges();
  await releaseIdleHolds();
  await stopInvalidationListener();
  await closeRedis();
}
