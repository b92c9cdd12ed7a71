// Usage rows (day × model × provider × key) and totals grouped one way, from the daily rollups
// (the statements: lib/sql/usage-breakdown.ts). The CSV export walks the same rows in keyset
// batches so it never holds them all.
import { formatUsd } from "@/lib/billing/money";
import { keyLabels } from "@/lib/usage/key-labels";
import type { TimeRange } from "@/lib/usage/range";
import type { UsageFilters } from "@/lib/usage/usage-filters";
import { firstUsageRows, usageGroups, usageRowsAfter, type UsageDbRow } from "@/lib/sql/usage-breakdown";

export type UsageRow = {
  day: string; model: string; provider: string; keyId: string; keyName: string;
  requests: number; errors: number; inputTokens: number; outputTokens: number; cachedTokens: number;
  costUnits: string; cost: string;
};

export type UsageGroup = { label: string; requests: number; errors: number; inputTokens: number; outputTokens: number; costUnits: string; cost: string };

/** A batch of day×model×provider×key rows after the given sort key (newest day first). */
export function usageRowsBatch(
  userId: string, r: TimeRange, f: UsageFilters, after: [string, string, string, string] | null, limit: number,
): Promise<UsageDbRow[]> {
  return usageRowsAfter(userId, r.start, r.end, f, after, limit);
}

export async function toUsageRows(userId: string, rows: UsageDbRow[]): Promise<UsageRow[]> {
  const label = await keyLabels(userId, [...new Set(rows.map((r) => r.apiKeyId))]);
  return rows.map((r) => ({
    day: r.day, model: r.model, provider: r.provider, keyId: r.apiKeyId, keyName: label(r.apiKeyId).name,
    requests: r.requests, errors: r.errors, inputTokens: r.input, outputTokens: r.output,
    cachedTokens: r.cached, costUnits: r.cost.toString(), cost: formatUsd(r.cost),
  }));
}

export type UsageBreakdown = {
  totals: Omit<UsageGroup, "label">;
  groups: UsageGroup[];
  rows: UsageRow[];
  /** True when there are more detail rows than shown: the CSV has them all. */
  truncated: boolean;
  /** Number of detail rows (what the CSV export contains). */
  rowCount: number;
};

const SHOWN_ROWS = 50;

export async function getUsageBreakdown(userId: string, r: TimeRange, f: UsageFilters): Promise<UsageBreakdown> {
  const [groups, first] = await Promise.all([
    usageGroups(userId, r.start, r.end, f, f.group),
    firstUsageRows(userId, r.start, r.end, f, SHOWN_ROWS),
  ]);
  const label = f.group === "key" ? await keyLabels(userId, groups.map((g) => g.label)) : null;
  let requests = 0, errors = 0, inputTokens = 0, outputTokens = 0, cost = 0n;
  const out = groups.map((g) => {
    requests += g.requests; errors += g.errors; inputTokens += g.input; outputTokens += g.output;
    cost += g.cost;
    return {
      label: label ? label(g.label).name : g.label || "—", requests: g.requests, errors: g.errors,
      inputTokens: g.input, outputTokens: g.output, costUnits: g.cost.toString(), cost: formatUsd(g.cost),
    };
  });
  return {
    totals: { requests, errors, inputTokens, outputTokens, costUnits: cost.toString(), cost: formatUsd(cost) },
    groups: out,
    rows: await toUsageRows(userId, first.rows),
    truncated: first.total > SHOWN_ROWS,
    rowCount: first.total,
  };
}
