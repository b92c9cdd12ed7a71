// Spend and requests today and this month (UTC), from the daily rollups.
import { spendSince } from "@/lib/sql/usage-rollups";

export type SpendSummary = { today: { requests: number; cost: bigint }; month: { requests: number; cost: bigint } };

export async function getSpendSummary(userId: string, now = new Date()): Promise<SpendSummary> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const r = await spendSince(userId, monthStart, dayStart);
  return { today: { requests: r.todayRequests, cost: r.todayCost }, month: { requests: r.monthRequests, cost: r.monthCost } };
}
