-- Request-log columns of SPEC §2: where a request came from (source), live or test traffic
-- (mode), the orchestration call it is part of (parent_id), the raw request size in bytes
-- (request_bytes, kept even when the stored body is cut) and whether the stored request or
-- response body was cut to the storage limits (body_truncated; lib/observability/log-body.ts).
-- parent_id has no foreign key: a batch may write a sub-call's row before its parent's.

-- AlterTable (constant defaults: no table rewrite)
ALTER TABLE "request_logs" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'api',
ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'live',
ADD COLUMN "parent_id" TEXT,
ADD COLUMN "request_bytes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "body_truncated" BOOLEAN NOT NULL DEFAULT false;

-- Checked for every new row; NOT VALID skips a scan of the existing rows under the table
-- lock, which hold the defaults ('api', 'live', 0) and so pass.
ALTER TABLE "request_logs" ADD CONSTRAINT "request_logs_source_check" CHECK ("source" IN ('api', 'playground', 'replay')) NOT VALID,
ADD CONSTRAINT "request_logs_mode_check" CHECK ("mode" IN ('live', 'test')) NOT VALID,
ADD CONSTRAINT "request_logs_request_bytes_nonnegative" CHECK ("request_bytes" >= 0) NOT VALID;
