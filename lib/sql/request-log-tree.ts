// An orchestration call's family in the request log, for the log detail page: a parent row's
// sub-calls (rows naming it in parent_id, on the partial parent_id index of migration
// 20261206140000_refusal_aggregation), and a sub-call's parent.
import { definedQuery } from "@/lib/sql/query";
import { bigintText, bool, int, intOrNull, str, strOrNull } from "@/lib/sql/rows";

export type LogChildRow = {
  id: string; requestedModel: string; resolvedModel: string | null; provider: string | null; status: number;
  inputTokens: number; outputTokens: number; costUnits: string; latencyMs: number; ttftMs: number | null;
  /** Where the sub-call sat in its call (from its stored request; null with zero retention). */
  stage: string | null; index: number | null;
};

const children = definedQuery<[id: string, userId: string], LogChildRow>({
  name: "request_log_children",
  text: `SELECT c.id, c.requested_model, c.resolved_model, c.provider, c.status, c.input_tokens, c.output_tokens,
       c.cost_units::text, c.latency_ms, c.ttft_ms, c.request_body->>'stage' AS stage,
       CASE WHEN jsonb_typeof(c.request_body->'index') = 'number' THEN (c.request_body->>'index')::int END AS idx
     FROM request_logs c WHERE c.parent_id = $1 AND c.user_id = $2
     ORDER BY c.created_at, c.id LIMIT 200`,
  parse: (r) => ({
    id: str(r, "id"), requestedModel: str(r, "requested_model"), resolvedModel: strOrNull(r, "resolved_model"),
    provider: strOrNull(r, "provider"), status: int(r, "status"), inputTokens: int(r, "input_tokens"),
    outputTokens: int(r, "output_tokens"), costUnits: bigintText(r, "cost_units"), latencyMs: int(r, "latency_ms"),
    ttftMs: intOrNull(r, "ttft_ms"), stage: strOrNull(r, "stage"), index: intOrNull(r, "idx"),
  }),
});

/** The sub-calls of the account's parent row `id`, in start order (none for any other row). */
export function requestLogChildren(userId: string, id: string): Promise<LogChildRow[]> {
  return children.all([id, userId]);
}

export type LogFamilyRow = { isParent: boolean; parentId: string | null; parentEndpoint: string | null };

const family = definedQuery<[id: string, userId: string], LogFamilyRow>({
  name: "request_log_family",
  text: `SELECT l.is_parent, l.parent_id,
       (SELECT p.endpoint FROM request_logs p WHERE p.id = l.parent_id AND p.user_id = l.user_id) AS parent_endpoint
     FROM request_logs l WHERE l.id = $1 AND l.user_id = $2`,
  parse: (r) => ({ isParent: bool(r, "is_parent"), parentId: strOrNull(r, "parent_id"), parentEndpoint: strOrNull(r, "parent_endpoint") }),
});

/** Whether the account's row `id` is a parent, and its parent (a sub-call's); null: no such row. */
export function requestLogFamily(userId: string, id: string): Promise<LogFamilyRow | null> {
  return family.first([id, userId]);
}
