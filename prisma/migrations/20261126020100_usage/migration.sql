-- Usage dashboard: rollup tables kept by a statement-level trigger, indexes for the logs
-- explorer, and account deletion (tombstone users keep their anonymised ledger).

-- AlterTable
ALTER TABLE "users" ADD COLUMN "deleted_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "usage_rollups" (
    "user_id" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "api_key_id" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL DEFAULT '',
    "error_class" TEXT NOT NULL DEFAULT '',
    "requests" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_units" BIGINT NOT NULL DEFAULT 0,
    "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollups_pkey" PRIMARY KEY ("user_id","hour","api_key_id","model","provider","error_class")
);

-- CreateTable
CREATE TABLE "latency_rollups" (
    "user_id" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "metric" SMALLINT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "latency_rollups_pkey" PRIMARY KEY ("user_id","hour","metric","bucket")
);

-- AddForeignKey
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "latency_rollups" ADD CONSTRAINT "latency_rollups_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex: logs explorer filters (newest first within one account)
CREATE INDEX "request_logs_user_id_resolved_model_created_at_idx" ON "request_logs"("user_id", "resolved_model", "created_at" DESC);
CREATE INDEX "request_logs_user_id_status_created_at_idx" ON "request_logs"("user_id", "status", "created_at" DESC);
CREATE INDEX "request_logs_user_id_provider_created_at_idx" ON "request_logs"("user_id", "provider", "created_at" DESC);
-- Prefix search on request ids (the database collation is not "C").
CREATE INDEX "request_logs_user_id_id_pattern_idx" ON "request_logs"("user_id", "id" text_pattern_ops);

-- Latency histogram bucket upper bounds in ms (lib/usage/latency-buckets.ts mirrors this list).
CREATE FUNCTION switchyard_latency_bucket(ms INTEGER) RETURNS SMALLINT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT width_bucket(ms, ARRAY[10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000,15000,20000,30000,60000]::INTEGER[])::SMALLINT
$$;

-- One aggregated upsert per INSERT statement (the log writer inserts in batches), so the
-- dashboard reads a few thousand rollup rows instead of scanning millions of logs.
CREATE FUNCTION switchyard_rollup_request_logs() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_rollups AS u (user_id, hour, api_key_id, model, provider, error_class, requests, errors,
    input_tokens, output_tokens, cached_tokens, cost_units, latency_ms_sum)
  SELECT user_id, date_trunc('hour', created_at), COALESCE(api_key_id, ''), COALESCE(resolved_model, requested_model),
    COALESCE(provider, ''), CASE WHEN status >= 400 THEN COALESCE(error_class, 'http_' || status) ELSE '' END,
    count(*), count(*) FILTER (WHERE status >= 400), sum(input_tokens), sum(output_tokens), sum(cached_tokens),
    sum(cost_units), sum(latency_ms)
  FROM new_rows
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (user_id, hour, api_key_id, model, provider, error_class) DO UPDATE SET
    requests = u.requests + EXCLUDED.requests, errors = u.errors + EXCLUDED.errors,
    input_tokens = u.input_tokens + EXCLUDED.input_tokens, output_tokens = u.output_tokens + EXCLUDED.output_tokens,
    cached_tokens = u.cached_tokens + EXCLUDED.cached_tokens, cost_units = u.cost_units + EXCLUDED.cost_units,
    latency_ms_sum = u.latency_ms_sum + EXCLUDED.latency_ms_sum;

  INSERT INTO latency_rollups AS l (user_id, hour, metric, bucket, count)
  SELECT user_id, hour, metric, bucket, count(*) FROM (
    SELECT user_id, date_trunc('hour', created_at) AS hour, 0::SMALLINT AS metric, switchyard_latency_bucket(latency_ms) AS bucket FROM new_rows
    UNION ALL
    SELECT user_id, date_trunc('hour', created_at), 1::SMALLINT, switchyard_latency_bucket(ttft_ms) FROM new_rows WHERE ttft_ms IS NOT NULL
  ) b
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (user_id, hour, metric, bucket) DO UPDATE SET count = l.count + EXCLUDED.count;
  RETURN NULL;
END
$$;

CREATE TRIGGER "request_logs_rollup" AFTER INSERT ON "request_logs"
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION switchyard_rollup_request_logs();
