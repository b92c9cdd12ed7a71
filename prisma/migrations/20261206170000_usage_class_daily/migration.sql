-- The optimization page's use-case groups (lib/sql/optimization.ts, issue #22 point 6) from a
-- daily rollup instead of the raw logs (issue #23 point 9: a GROUP BY with percentile_disc over
-- the window took 2–6 s for an account with 2 M logs; docs/scale-out.md).
--
-- Keyed like the page groups: account × UTC day × key ('' = none/deleted) × endpoint × request
-- class ('unclassified' = logged before the classifier) × the model that answered. Only the rows
-- the page counts are rolled up — the WHERE clause of the raw-log query it replaces: answered
-- (status 200), source 'api' (no replays, no playground), not an orchestration parent and not a
-- sub-call (parent_id). The endpoint is a key column, not a filter: the page reads the chat
-- endpoints (OPTIMIZABLE_ENDPOINTS, a code constant) and a new chat endpoint must not need a
-- migration to have history. Answered rows always stand for one call (refused_count = 1: only
-- refusals are aggregated), so count(*) counts calls.
--
-- Latency is a sum (the page shows the mean: a median cannot be added across days); latency_ms
-- is NOT NULL, so `requests` is its count. max_input_tokens is the largest prompt (the context a
-- candidate needs), first_at the first call (the savings' span).
--
-- Like the other rollups: a statement-level insert trigger, ON DELETE CASCADE with the user,
-- deleted with the logs by "purge my logs" and account deletion, untouched by the retention job.

-- CreateTable
CREATE TABLE "usage_class_rollups_daily" (
    "user_id" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "api_key_id" TEXT NOT NULL DEFAULT '',
    "endpoint" TEXT NOT NULL,
    "request_class" TEXT NOT NULL DEFAULT 'unclassified',
    "model" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_units" BIGINT NOT NULL DEFAULT 0,
    "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,
    "max_input_tokens" INTEGER NOT NULL DEFAULT 0,
    "first_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "usage_class_rollups_daily_pkey" PRIMARY KEY ("user_id","day","api_key_id","endpoint","request_class","model")
);

-- AddForeignKey
ALTER TABLE "usage_class_rollups_daily" ADD CONSTRAINT "usage_class_rollups_daily_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE FUNCTION switchyard_rollup_request_logs_class_daily() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_class_rollups_daily AS u (user_id, day, api_key_id, endpoint, request_class, model, requests,
    input_tokens, output_tokens, cached_tokens, cost_units, latency_ms_sum, max_input_tokens, first_at)
  SELECT user_id, date_trunc('day', created_at), COALESCE(api_key_id, ''), endpoint, COALESCE(request_class, 'unclassified'),
    COALESCE(resolved_model, requested_model), count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens),
    sum(cost_units), sum(latency_ms), max(input_tokens), min(created_at)
  FROM new_rows
  WHERE status = 200 AND NOT is_parent AND parent_id IS NULL AND source = 'api'
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (user_id, day, api_key_id, endpoint, request_class, model) DO UPDATE SET
    requests = u.requests + EXCLUDED.requests,
    input_tokens = u.input_tokens + EXCLUDED.input_tokens, output_tokens = u.output_tokens + EXCLUDED.output_tokens,
    cached_tokens = u.cached_tokens + EXCLUDED.cached_tokens, cost_units = u.cost_units + EXCLUDED.cost_units,
    latency_ms_sum = u.latency_ms_sum + EXCLUDED.latency_ms_sum,
    max_input_tokens = GREATEST(u.max_input_tokens, EXCLUDED.max_input_tokens), first_at = LEAST(u.first_at, EXCLUDED.first_at);
  RETURN NULL;
END
$$;

-- The trigger before the backfill: CREATE TRIGGER takes a lock that waits for every open
-- transaction that inserted logs and holds off new ones until this migration commits, so each
-- row is counted exactly once — by the backfill (committed before) or by the trigger (after).
CREATE TRIGGER "request_logs_rollup_class_daily" AFTER INSERT ON "request_logs"
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION switchyard_rollup_request_logs_class_daily();

-- Backfill: the function's statement over the existing logs (one scan; empty on a fresh database).
INSERT INTO "usage_class_rollups_daily" (user_id, day, api_key_id, endpoint, request_class, model, requests,
  input_tokens, output_tokens, cached_tokens, cost_units, latency_ms_sum, max_input_tokens, first_at)
SELECT user_id, date_trunc('day', created_at), COALESCE(api_key_id, ''), endpoint, COALESCE(request_class, 'unclassified'),
  COALESCE(resolved_model, requested_model), count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens),
  sum(cost_units), sum(latency_ms), max(input_tokens), min(created_at)
FROM "request_logs"
WHERE status = 200 AND NOT is_parent AND parent_id IS NULL AND source = 'api'
GROUP BY 1, 2, 3, 4, 5, 6;
