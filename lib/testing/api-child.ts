// The API door in a process of its own, for tests that kill it (crash-recovery.int.test.ts):
// serves handleNodeApi on 127.0.0.1:PORT like server.ts, without Next, with the environment it was
// given (DATABASE_URL, EMULATOR_URL, …). Once it owns the port it releases the credit holds
// of its instance's previous incarnation, as server.ts does, then prints one line:
//   ready {"url":…,"holder":…,"holds":…,"accounts":…,"expiredAccounts":…}
// SIGTERM: stop, write the queued charges and their request logs, give the holds back, exit.
// Run: node --import tsx lib/testing/api-child.ts (one process, so kill -9 hits the server).
import { env } from "@/lib/env";
import { holderId, releaseIdleHolds, releasePredecessorHolds } from "@/lib/billing/settlement/holds";
import { closeDb } from "@/lib/db";
import { flushCharges } from "@/lib/billing/settlement/charge-writer";
import { startInvalidationListener } from "@/lib/invalidation/start";
import { startApiServer } from "@/lib/testing/api-servers";

// Like server.ts, it listens for other processes' invalidations; "ready" waits (≤ 5 s) until it does.
const invalidation = startInvalidationListener();
await Promise.race([invalidation.ready(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
const api = await startApiServer("node", env().PORT);
const released = await releasePredecessorHolds();
console.log(`ready ${JSON.stringify({ url: api.baseUrl, holder: holderId(), ...released })}`);

process.once("SIGTERM", () => {
  void api.close()
    .then(flushCharges)
    .then(releaseIdleHolds)
    .then(closeDb)
    .finally(() => process.exit(0));
});
