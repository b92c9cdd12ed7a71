// GET /api/v1/usage data: totals plus one row per UTC day and model.
import { pool } from "@/lib/db";
import { moneyFields } from "@/lib/billing/money";
import type { TimeRange } from "@/lib/usage/range";

export type ApiUsage = {
  object: "usage"; start: string; end: string;
  totals: { requests: number; errors: number; input_tokens: number; output_tokens: number; cost_units: string; cost_credits: string };
  data: Array<{ date: string; model: string; requests: number; errors: number; input_tokens: number; output_tokens: number;
    cached_tokens: number; cost_units: string; cost_credits: string }>;
};

export async function getApiUsage(userId: string, r: TimeRange, model?: string): Promise<ApiUsage> {
  const params: unknown[] = [userId, r.start.toISOString(), r.end.toISOString()];
  if (model) params.push(model);
  const { rows } = await pool().query<{ day: string; model: string; requests: number; errors: number; input: string;
    output: string; cached: string; cost: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, model, sum(requests)::int AS requests,
       sum(errors)::int AS errors, sum(input_tokens)::text AS input, sum(output_tokens)::text AS output,
       sum(cached_tokens)::text AS cached, sum(cost_units)::text AS cost
     FROM usage_rollups_daily WHERE user_id = $1 AND day >= $2 AND day < $3 ${model ? "AND model = $4" : ""}
     GROUP BY 1, 2 ORDER BY 1, 2`, params);
  let requests = 0, errors = 0, input = 0, output = 0, cost = 0n;
  const data = rows.map((x) => {
    requests += x.requests; errors += x.errors; input += Number(x.input); output += Number(x.output); cost += BigInt(x.cost);
    return { date: x.day, model: x.model, requests: x.requests, errors: x.errors, input_tokens: Number(x.input),
      output_tokens: Number(x.output), cached_tokens: Number(x.cached), ...moneyFields("cost", BigInt(x.cost)) };
  });
  return {
    object: "usage", start: r.start.toISOString(), end: r.end.toISOString(),
    totals: { requests, errors, input_tokens: input, output_tokens: output, ...moneyFields("cost", cost) },
    data,
  };
}
