// Spend and requests today and this month (UTC), from the daily rollups.
import { pool } from "@/lib/db";

export type SpendSummary = { today: { requests: number; cost: bigint }; month: { requests: number; cost: bigint } };

export async function getSpendSummary(userId: string, now = new Date()): Promise<SpendSummary> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const { rows } = await pool().query<{ today_requests: number; today_cost: string; month_requests: number; month_cost: string }>(
    `SELECT COALESCE(sum(requests) FILTER (WHERE day >= $3), 0)::int AS today_requests,
       COALESCE(sum(cost_units) FILTER (WHERE day >= $3), 0)::text AS today_cost,
       COALESCE(sum(requests), 0)::int AS month_requests, COALESCE(sum(cost_units), 0)::text AS month_cost
     FROM usage_rollups_daily WHERE user_id = $1 AND day >= $2`, [userId, monthStart.toISOString(), dayStart.toISOString()]);
  const r = rows[0]!;
  return {
    today: { requests: r.today_requests, cost: BigInt(r.today_cost) },
    month: { requests: r.month_requests, cost: BigInt(r.month_cost) },
  };
}
