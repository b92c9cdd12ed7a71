// Every react-query key the dashboard uses, in one place, so invalidation after a mutation
// (purge, zero-retention) can name exactly what changed. Fetchers: ./fetch-dashboard.ts.
export const usageKeys = {
  all: ["usage"] as const,
  overview: (params: string) => ["usage", "overview", params] as const,
  breakdown: (params: string) => ["usage", "breakdown", params] as const,
  logs: (params: string) => ["usage", "logs", params] as const,
  log: (id: string) => ["usage", "log", id] as const,
};

export type RangeValue = { range: "24h" | "7d" | "30d" | "custom"; from?: string; to?: string };

export function rangeParams(v: RangeValue): URLSearchParams {
  const p = new URLSearchParams({ range: v.range });
  if (v.range === "custom" && v.from && v.to) {
    p.set("from", v.from);
    p.set("to", v.to);
  }
  return p;
}

// What each page shows first. The server prefetches exactly these keys, so the first paint
// already has data (no request waterfall after hydration).
export const DEFAULT_OVERVIEW_RANGE: RangeValue = { range: "7d" };
export const DEFAULT_USAGE_RANGE: RangeValue = { range: "30d" };
export const DEFAULT_USAGE_PARAMS = "range=30d&group=day";
export const DEFAULT_LOGS_PARAMS = "";
