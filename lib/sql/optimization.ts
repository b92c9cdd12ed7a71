// The optimization page's reads (lib/optimization): the account's logged chat traffic grouped
// by use case — key × endpoint × request class (the auto router's classifier,
// request_logs.request_class) × the model that answered — and per-model figures from its own
// daily rollups. The groups come from their own daily rollup, usage_class_rollups_daily
// (migration 20261206170000_usage_class_daily), kept by an insert trigger on request_logs: a
// few rows per day and group instead of every logged call of the window (docs/scale-out.md).
import { definedQuery } from "@/lib/sql/query";
import { bigint, date, int, intOrNull, safeInt, str, strArray } from "@/lib/sql/rows";

/** Endpoints whose calls a policy can route (the chat endpoints). */
export const OPTIMIZABLE_ENDPOINTS = ["chat.completions", "messages", "responses"] as const;

export type UsageGroupRow = {
  /** "" = a key since deleted. */
  apiKeyId: string;
  endpoint: string;
  /** "unclassified" for rows logged before the classifier existed. */
  requestClass: string;
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** What these requests were charged (markup included). */
  costUnits: bigint;
  /** The largest prompt of the group (the context window a candidate needs). */
  maxInputTokens: number;
  /** Mean latency of these requests (ms): a rollup adds sums, a median cannot be added across days. */
  meanLatencyMs: number | null;
  firstAt: Date;
};

// Answered API calls only (the rollup's trigger keeps nothing else): refusals have no tokens,
// replays and the playground are not the account's production traffic, and orchestration
// sub-calls are routed by their parent call. The window is whole UTC days — the last `days`
// days and today — like the model figures below, so both describe the same traffic.
const groups = definedQuery<[userId: string, days: number, endpoints: string[]], UsageGroupRow>({
  name: "optimization_usage_groups",
  text: `SELECT api_key_id, endpoint, request_class, model, sum(requests)::int AS requests,
       sum(input_tokens)::bigint AS input_tokens, sum(output_tokens)::bigint AS output_tokens,
       sum(cached_tokens)::bigint AS cached_tokens, sum(cost_units)::text AS cost_units,
       max(max_input_tokens)::int AS max_input_tokens,
       round(sum(latency_ms_sum)::numeric / nullif(sum(requests), 0))::int AS mean_latency_ms,
       (min(first_at) AT TIME ZONE 'UTC') AS first_at
     FROM usage_class_rollups_daily
     WHERE user_id = $1 AND day >= date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => $2::int)
       AND endpoint = ANY($3::text[])
     GROUP BY 1, 2, 3, 4`,
  parse: (r) => ({
    apiKeyId: str(r, "api_key_id"), endpoint: str(r, "endpoint"), requestClass: str(r, "request_class"), model: str(r, "model"),
    requests: int(r, "requests"), inputTokens: safeInt(r, "input_tokens"), outputTokens: safeInt(r, "output_tokens"),
    cachedTokens: safeInt(r, "cached_tokens"), costUnits: bigint(r, "cost_units"), maxInputTokens: int(r, "max_input_tokens"),
    meanLatencyMs: intOrNull(r, "mean_latency_ms"), firstAt: date(r, "first_at"),
  }),
});

/** The account's answered chat calls of the last `days` days, per key, endpoint, class and model. */
export function usageGroupRows(userId: string, days: number): Promise<UsageGroupRow[]> {
  return groups.all([userId, days, [...OPTIMIZABLE_ENDPOINTS]]);
}

export type ModelFigureRow = { model: string; okRequests: number; upstreamErrors: number; okLatencySumMs: number };

// The shape of lib/routing/auto/rollup-figures.ts, over the account's own days.
const figures = definedQuery<[userId: string, days: number], ModelFigureRow>({
  name: "optimization_model_figures",
  text: `SELECT model,
       coalesce(sum(requests) FILTER (WHERE error_class = ''), 0)::bigint AS ok_requests,
       coalesce(sum(requests) FILTER (WHERE error_class LIKE 'upstream%'), 0)::bigint AS upstream_errors,
       coalesce(sum(latency_ms_sum) FILTER (WHERE error_class = ''), 0)::bigint AS ok_latency_sum
     FROM usage_rollups_daily
     WHERE user_id = $1 AND day >= date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => $2::int)
     GROUP BY model`,
  parse: (r) => ({
    model: str(r, "model"), okRequests: safeInt(r, "ok_requests"), upstreamErrors: safeInt(r, "upstream_errors"),
    okLatencySumMs: safeInt(r, "ok_latency_sum"),
  }),
});

/** Every model the account used in the window: successes, upstream failures, summed success latency. */
export function accountModelFigures(userId: string, days: number): Promise<ModelFigureRow[]> {
  return figures.all([userId, days]);
}

export type GroupKeyRow = { id: string; name: string; prefix: string; suffix: string; allowedModels: string[] };

const keys = definedQuery<[userId: string, ids: string[]], GroupKeyRow>({
  name: "optimization_group_keys",
  text: "SELECT id, name, prefix, suffix, allowed_models FROM api_keys WHERE user_id = $1 AND id = ANY($2::text[])",
  parse: (r) => ({
    id: str(r, "id"), name: str(r, "name"), prefix: str(r, "prefix"), suffix: str(r, "suffix"), allowedModels: strArray(r, "allowed_models"),
  }),
});

/** The account's keys among `ids`: names and the models each may use (another account's ids are not found). */
export function groupKeys(userId: string, ids: string[]): Promise<GroupKeyRow[]> {
  return keys.all([userId, ids]);
}
