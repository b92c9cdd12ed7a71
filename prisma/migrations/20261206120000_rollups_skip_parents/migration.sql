-- Rollups ignore orchestration parent rows (SPEC §2: "parent rows of orchestration calls carry
-- no tokens or cost of their own and are not counted twice in rollups").
--
-- The rule: a row is a parent when it says so itself — `is_parent`, set by the writer of the
-- orchestration call's own row (POST /compare, /blend, /judge, … whose sub-calls are logged
-- as rows naming it in `parent_id`). The rollup triggers skip parent rows; sub-call rows and
-- every ordinary row count as before. Why a flag on the row rather than "a row that other
-- rows name as parent_id": the triggers run per INSERT statement and the log writer's batches
-- may hold a parent before, after or beside its sub-calls (parent_id has no foreign key for
-- that reason), so only a property of the row itself is known when it is rolled up. Why not
-- the endpoint: which endpoints orchestrate is the gateway's business, and an orchestration
-- call refused before any sub-call ran (validation, credits) is logged as an ordinary row
-- (is_parent false), so it still counts once, as a request and as an error.
--
-- Test-mode rows (mode = 'test') stay in the rollups: they are requests the account made and
-- the usage page shows them; they are free, so their cost_units are 0 and add nothing to the
-- cost columns. The rollups have no mode dimension (yet): a live-only cost figure is the sum
-- over all rows anyway.

-- AlterTable (constant default: no table rewrite)
ALTER TABLE "request_logs" ADD COLUMN "is_parent" BOOLEAN NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION switchyard_rollup_request_logs() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_rollups AS u (user_id, hour, api_key_id, model, provider, error_class, requests, errors,
    input_tokens, output_tokens, cached_tokens, cost_units, latency_ms_sum)
  SELECT user_id, date_trunc('hour', created_at), COALESCE(api_key_id, ''), COALESCE(resolved_model, requested_model),
    COALESCE(provider, ''), CASE WHEN status >= 400 THEN COALESCE(error_class, 'http_' || status) ELSE '' END,
    count(*), count(*) FILTER (WHERE status >= 400), sum(input_tokens), sum(output_tokens), sum(cached_tokens),
    sum(cost_units), sum(latency_ms)
  FROM new_rows
  WHERE NOT is_parent
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (user_id, hour, api_key_id, model, provider, error_class) DO UPDATE SET
    requests = u.requests + EXCLUDED.requests, errors = u.errors + EXCLUDED.errors,
    input_tokens = u.input_tokens + EXCLUDED.input_tokens, output_tokens = u.output_tokens + EXCLUDED.output_tokens,
    cached_tokens = u.cached_tokens + EXCLUDED.cached_tokens, cost_units = u.cost_units + EXCLUDED.cost_units,
    latency_ms_sum = u.latency_ms_sum + EXCLUDED.latency_ms_sum;

  INSERT INTO latency_rollups AS l (user_id, hour, metric, bucket, count)
  SELECT user_id, hour, metric, bucket, count(*) FROM (
    SELECT user_id, date_trunc('hour', created_at) AS hour, 0::SMALLINT AS metric, switchyard_latency_bucket(latency_ms) AS bucket
    FROM new_rows WHERE NOT is_parent
    UNION ALL
    SELECT user_id, date_trunc('hour', created_at), 1::SMALLINT, switchyard_latency_bucket(ttft_ms)
    FROM new_rows WHERE ttft_ms IS NOT NULL AND NOT is_parent
  ) b
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (user_id, hour, metric, bucket) DO UPDATE SET count = l.count + EXCLUDED.count;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION switchyard_rollup_request_logs_daily() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_rollups_daily AS u (user_id, day, api_key_id, model, provider, error_class, requests, errors,
    input_tokens, output_tokens, cached_tokens, cost_units, latency_ms_sum)
  SELECT user_id, date_trunc('day', created_at), COALESCE(api_key_id, ''), COALESCE(resolved_model, requested_model),
    COALESCE(provider, ''), CASE WHEN status >= 400 THEN COALESCE(error_class, 'http_' || status) ELSE '' END,
    count(*), count(*) FILTER (WHERE status >= 400), sum(input_tokens), sum(output_tokens), sum(cached_tokens),
    sum(cost_units), sum(latency_ms)
  FROM new_rows
  WHERE NOT is_parent
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (user_id, day, api_key_id, model, provider, error_class) DO UPDATE SET
    requests = u.requests + EXCLUDED.requests, errors = u.errors + EXCLUDED.errors,
    input_tokens = u.input_tokens + EXCLUDED.input_tokens, output_tokens = u.output_tokens + EXCLUDED.output_tokens,
    cached_tokens = u.cached_tokens + EXCLUDED.cached_tokens, cost_units = u.cost_units + EXCLUDED.cost_units,
    latency_ms_sum = u.latency_ms_sum + EXCLUDED.latency_ms_sum;

  INSERT INTO latency_rollups_daily AS l (user_id, day, metric, bucket, count)
  SELECT user_id, day, metric, bucket, count(*) FROM (
    SELECT user_id, date_trunc('day', created_at) AS day, 0::SMALLINT AS metric, switchyard_latency_bucket(latency_ms) AS bucket
    FROM new_rows WHERE NOT is_parent
    UNION ALL
    SELECT user_id, date_trunc('day', created_at), 1::SMALLINT, switchyard_latency_bucket(ttft_ms)
    FROM new_rows WHERE ttft_ms IS NOT NULL AND NOT is_parent
  ) b
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (user_id, day, metric, bucket) DO UPDATE SET count = l.count + EXCLUDED.count;
  RETURN NULL;
END
$$;
