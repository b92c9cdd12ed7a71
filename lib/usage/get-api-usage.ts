// GET /api/v1/usage data: totals plus one row per UTC day and model.
import { moneyFields } from "@/lib/billing/money";
import type { TimeRange } from "@/lib/usage/range";
import { usageByDayAndModel } from "@/lib/sql/usage-rollups";

export type ApiUsage = {
  object: "usage"; start: string; end: string;
  totals: { requests: number; errors: number; input_tokens: number; output_tokens: number; cost_units: string; cost_credits: string };
  data: Array<{ date: string; model: string; requests: number; errors: number; input_tokens: number; output_tokens: number;
    cached_tokens: number; cost_units: string; cost_credits: string }>;
};

export async function getApiUsage(userId: string, r: TimeRange, model?: string): Promise<ApiUsage> {
  const rows = await usageByDayAndModel(userId, r.start, r.end, model);
  let requests = 0, errors = 0, input = 0, output = 0, cost = 0n;
  const data = rows.map((x) => {
    requests += x.requests; errors += x.errors; input += x.input; output += x.output; cost += x.cost;
    return { date: x.day, model: x.model, requests: x.requests, errors: x.errors, input_tokens: x.input,
      output_tokens: x.output, cached_tokens: x.cached, ...moneyFields("cost", x.cost) };
  });
  return {
    object: "usage", start: r.start.toISOString(), end: r.end.toISOString(),
    totals: { requests, errors, input_tokens: input, output_tokens: output, ...moneyFields("cost", cost) },
    data,
  };
}
