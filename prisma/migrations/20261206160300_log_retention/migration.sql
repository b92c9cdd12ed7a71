-- Request-log retention (issue #23 point 9; lib/observability/log-retention.ts): a job deletes
-- rows older than LOG_RETENTION_DAYS in batches of a few thousand, oldest first.
--
-- The batches find the oldest rows through this index: without it each batch would scan the
-- whole table (every other index starts with user_id, api_key_id or resolved_model). New rows
-- land at its right edge (created_at is the write time), so inserts stay cheap; the rows the
-- job deletes are at its left edge. Not partial and not BRIN: freed heap pages are reused by
-- new rows, so the table's physical order stops following created_at and a BRIN summary would
-- soon match every block.
CREATE INDEX "request_logs_created_at_idx" ON "request_logs"("created_at");

-- With retention the table is a queue: rows come in at one end and leave at the other, a
-- window's 1/N each day. Autovacuum's default (a pass after 20 % of the rows are dead) would
-- leave weeks of deleted rows' space unusable and the table 20 % larger than its live rows;
-- 2 % keeps the freed space reused within a day or two at a 90-day window.
ALTER TABLE "request_logs" SET (autovacuum_vacuum_scale_factor = 0.02);

-- The logs explorer's mode filter (live | test): test-mode rows are a sliver of an account's
-- logs, so "mode = test" on the (user_id, created_at) index read the whole account to find a
-- page (seconds at 2 M rows). This partial index holds only them; "live" keeps the main index.
CREATE INDEX "request_logs_test_mode_idx" ON "request_logs"("user_id", "created_at" DESC) WHERE "mode" = 'test';
