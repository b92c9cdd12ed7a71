-- Every call is in the request log (issue #18 point 4), refused ones included — and the rate
-- limits' refusals, which come in floods, are counted rather than written one by one: one row
-- per key and minute stands for all of them (lib/gateway/refusals/refusal-tally.ts), with
-- `refused_count` = how many. Every other row stands for one call (the default).
--
-- Rollups count calls, not rows: the trigger functions below are the versions of migration
-- 20261206120000_rollups_skip_parents with count(*) replaced by sum(refused_count) — requests,
-- errors and the latency histograms — and latency_ms_sum adding latency_ms × refused_count
-- (an aggregated row's latency_ms is the mean of its calls). Parent rows are still skipped.
-- Refused calls count as requests and as errors under the model they asked for (the row's
-- requested_model; "" when the body named none) with their error class (rate_limit_exceeded,
-- insufficient_credits, model_not_found, …); they cost nothing, so the cost columns do not
-- move; `auto`'s per-model figures (lib/sql/usage-rollups.ts) count only successes and
-- upstream_* failures, so refusals never make a model look unhealthy.
--
-- Constant default, NOT VALID check: no table rewrite, no scan under the lock.

-- AlterTable
ALTER TABLE "request_logs" ADD COLUMN "refused_count" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "request_logs" ADD CONSTRAINT "request_logs_refused_count_check" CHECK ("refused_count" >= 1) NOT VALID;

-- CreateIndex: an orchestration call's sub-calls by their parent (the log detail page,
-- lib/sql/request-log-tree.ts). Partial: most rows have no parent, and the index stays small.
CREATE INDEX "request_logs_parent_id_idx" ON "request_logs"("parent_id") WHERE "parent_id" IS NOT NULL;

CREATE OR REPLACE FUNCTION switchyard_rollup_request_logs() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_rollups AS u (user_id, hour, api_key_id, model, provider, error_class, requests, errors,
    input_tokens, output_tokens, cached_tokens, cost_units, latency_ms_sum)
  SELECT user_id, date_trunc('hour', created_at), COALESCE(api_key_id, ''), COALESCE(resolved_model, requested_model),
    COALESCE(provider, ''), CASE WHEN status >= 400 THEN COALESCE(error_class, 'http_' || status) ELSE '' END,
    sum(refused_count), COALESCE(sum(refused_count) FILTER (WHERE status >= 400), 0), sum(input_tokens), sum(output_tokens),
    sum(cached_tokens), sum(cost_units), sum(latency_ms::BIGINT * refused_count)
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
  SELECT user_id, hour, metric, bucket, sum(n) FROM (
    SELECT user_id, date_trunc('hour', created_at) AS hour, 0::SMALLINT AS metric, switchyard_latency_bucket(latency_ms) AS bucket,
      refused_count AS n
    FROM new_rows WHERE NOT is_parent
    UNION ALL
    SELECT user_id, date_trunc('hour', created_at), 1::SMALLINT, switchyard_latency_bucket(ttft_ms), refused_count
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
    sum(refused_count), COALESCE(sum(refused_count) FILTER (WHERE status >= 400), 0), sum(input_tokens), sum(output_tokens),
    sum(cached_tokens), sum(cost_units), sum(latency_ms::BIGINT * refused_count)
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
  SELECT user_id, day, metric, bucket, sum(n) FROM (
    SELECT user_id, date_trunc('day', created_at) AS day, 0::SMALLINT AS metric, switchyard_latency_bucket(latency_ms) AS bucket,
      refused_count AS n
    FROM new_rows WHERE NOT is_parent
    UNION ALL
    SELECT user_id, date_trunc('day', created_at), 1::SMALLINT, switchyard_latency_bucket(ttft_ms), refused_count
    FROM new_rows WHERE ttft_ms IS NOT NULL AND NOT is_parent
  ) b
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (user_id, day, metric, bucket) DO UPDATE SET count = l.count + EXCLUDED.count;
  RETURN NULL;
END
$$;
