// Charged requests made in the past, written the way the gateway writes them (reserved, settled,
// then the charge writer's one statement: log row + ledger charge + balance), for tests that
// need old logs with real money behind them (the request-log retention test).
import { createId } from "@/lib/ids";
import { creditsToUnits } from "@/lib/billing/money";
import { enqueueCharge, flushCharges } from "@/lib/billing/settlement/charge-writer";
import { settleReservation } from "@/lib/billing/settlement/holds";
import { reserveCredits } from "@/lib/billing/settlement/reserve";
import { chargedLog } from "@/lib/testing/spend";

const DAY = 86_400_000;

/** `n` requests of `credits` each, `daysAgo` days ago (a second apart); resolves with their ids once written. */
export async function spendAt(userId: string, n: number, daysAgo: number, credits = "0.01"): Promise<string[]> {
  const cost = creditsToUnits(credits);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { charged } = settleReservation(await reserveCredits(userId, cost), cost);
    const e = chargedLog(userId, createId("req"), charged);
    ids.push(e.log.id);
    enqueueCharge({ log: { ...e.log, createdAt: new Date(Date.now() - daysAgo * DAY - i * 1_000) }, charge: e.charge });
  }
  await flushCharges();
  return ids;
}
