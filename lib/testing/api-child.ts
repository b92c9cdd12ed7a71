// The API door in a process of its own, for tests that kill it (crash-recovery.int.test.ts):
// serves handleNodeApi on 127.0.0.1:PORT like server.ts, without Next, with the environment it was
// given (DATABASE_URL, EMULATOR_URL, …). Once it owns the port it releases the credit holds
// of its instance's previous incarnation, as server.ts does, then prints one line:
//   ready {"url":…,"holder":…,"holds":…,"accounts":…,"expiredAccounts":…}
// SIGTERM: stop, write the buffered request logs, give the holds back, exit.
// Run: node --import tsx lib/testing/api-child.ts (one process, so kill -9 hits the server).
import { env } from "@/lib/env";
import { holderId, releaseIdleHolds, releasePredecessorHolds } from "@/lib/billing/credit-lease";
import { closeDb } from "@/lib/db";
import { flushRequestLogs } from "@/lib/observability/request-log";
import { startApiServer } from "@/lib/testing/api-servers";

const api = await startApiServer("node", env().PORT);
const released = await releasePredecessorHolds();
console.log(`ready ${JSON.stringify({ url: api.baseUrl, holder: holderId(), ...released })}`);

process.once("SIGTERM", () => {
  void api.close()
    .then(flushRequestLogs)
    .then(releaseIdleHolds)
    .then(closeDb)
    .finally(() => process.exit(0));
});
