-- The (resolved_model, created_at) index of the first migration served no query: every read of
-- request_logs names the account (the logs explorer's model filter reads the
-- (user_id, resolved_model, created_at) index of 20261126020100_usage), and the retention job
-- reads (created_at). It cost every charge batch one more b-tree insert per row (~4 µs of
-- Postgres CPU a row, issue #23.7).
DROP INDEX IF EXISTS "request_logs_resolved_model_created_at_idx";
